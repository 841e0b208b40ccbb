/**
 * One document on the print page: opens the compartments it reads through the document pool
 * (from IndexedDB first, so it works offline), rebuilds the printable value after every change,
 * hashes it for the footer, and records prints and exports in the device audit queue.
 */
import type { PrintKind, DisclosureFacts } from '$lib/domain/audit-chain';
import { contentHash } from '$lib/domain/canonical';
import { hashedContent, type PrintDocument } from '$lib/domain/print';
import type { DocHandle } from '$lib/sync/connect';
import { documents, type DocRef } from './documents.svelte';
import type { FamilyEntry } from './families.svelte';
import { buildPrint, printCompartment, type PrintRequest } from './print-source';
import { recordDeviceEvent } from './device-audit';

type Part = keyof PrintRequest['docs'];

/** Documents each print reads; the first is required, the others add detail when present. */
const PARTS: Record<PrintKind, Part[]> = {
	plan: ['plan', 'core'],
	wizyta: ['visits'],
	dziennik: ['visits'],
	ocena: ['assessments', 'plan'],
	opinia: ['court']
};

export interface PrintParams {
	kind: PrintKind;
	recordId: string;
	from: string;
	to: string;
	today: string;
}

export class PrintState {
	doc = $state.raw<PrintDocument | null>(null);
	hash = $state('');
	error = $state<string | null>(null);
	#handles: Partial<Record<Part, DocHandle>> = {};
	#off: (() => void)[] = [];
	#gone = false;
	#userId: string;
	#family: FamilyEntry;
	#p: PrintParams;
	#seq = 0;

	constructor(userId: string, family: FamilyEntry, p: PrintParams) {
		this.#userId = userId;
		this.#family = family;
		this.#p = p;
		void this.#open();
	}

	async #open(): Promise<void> {
		for (const part of PARTS[this.#p.kind]) {
			const d = this.#family.docs[part];
			if (!d) continue;
			const ref: DocRef = { name: d.name, epoch: d.epoch, role: d.role };
			try {
				const od = await documents.acquire(this.#userId, ref);
				if (this.#gone) return;
				this.#handles[part] = od.handle;
				const refresh = () => void this.#rebuild();
				od.handle.doc.on('afterTransaction', refresh);
				this.#off.push(() => od.handle.doc.off('afterTransaction', refresh));
			} catch {
				// A missing optional part only leaves detail out; a missing main part is reported below.
			}
		}
		await this.#rebuild();
	}

	async #rebuild(): Promise<void> {
		const seq = ++this.#seq;
		const r = await buildPrint({
			...this.#p,
			familyName: this.#family.name,
			docs: this.#handles
		});
		if (this.#gone || seq !== this.#seq) return;
		if (!r.ok) {
			this.error = r.error;
			return;
		}
		const hash = await contentHash(hashedContent(r.doc));
		if (this.#gone || seq !== this.#seq) return;
		this.error = null;
		this.doc = r.doc;
		this.hash = hash;
	}

	/** [DR4] Records this print (or export) of exactly what is shown, in the device queue. */
	record(action: 'print' | 'export', disclosure: DisclosureFacts | null = null): Promise<string> {
		return recordDeviceEvent(this.#userId, {
			action,
			familyId: this.#family.id,
			compartment: printCompartment[this.#p.kind],
			kind: this.#p.kind,
			recordId: this.#p.recordId,
			contentHash: this.hash,
			disclosure
		});
	}

	destroy(): void {
		this.#gone = true;
		for (const off of this.#off) off();
	}
}
