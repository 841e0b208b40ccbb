/**
 * One document on the print page: opens the compartments it reads through the document pool
 * (from IndexedDB first, so it works offline), rebuilds the printable value after every change,
 * hashes it for the footer, and records prints and exports in the device audit queue.
 */
import type { PrintKind, DisclosureFacts } from '$lib/domain/audit-chain';
import { contentHash } from '$lib/domain/canonical';
import { hashedContent, type PrintDocument } from '$lib/domain/print';
import { plDate } from '$lib/domain/print';
import { m } from '$lib/paraglide/messages.js';
import { documents, type DocRef } from '../documents/documents.svelte';
import type { FamilyEntry } from '../api/families.svelte';
import { buildPrint, printCompartment, type PrintRequest, type PrintSource } from './print-source';
import type { DocHandle } from '$lib/sync/connect';
import { recordDeviceEvent } from '../account/device-audit';
import { loadSectionAsOf, type SectionAsOf } from '../api/history.svelte';
import { shortHash } from '../views/plan-versions';

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
	/** [HI7] '' for the live documents, else a day (YYYY-MM-DD): print the section as it stood. */
	asOf?: string;
}

export class PrintState {
	doc = $state.raw<PrintDocument | null>(null);
	hash = $state('');
	error = $state<string | null>(null);
	/** Live handles, or read-only copies as of a day (destroyed with this print). */
	#handles: Partial<Record<Part, PrintSource & Pick<DocHandle, 'destroy'>>> = {};
	/** The main document's version as of the day asked for (HI7), or null for a live print. */
	#asOf: SectionAsOf | null = null;
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
		if (this.#p.asOf) return this.#openAsOf(this.#p.asOf);
		for (const part of PARTS[this.#p.kind]) {
			const d = this.#family.docs[part];
			if (!d) continue;
			const ref: DocRef = { name: d.name, epoch: d.epoch, role: d.role };
			try {
				const od = await documents.acquire(this.#userId, ref);
				if (this.#gone) return;
				this.#handles[part] = od.handle;
				const refresh = () => void this.#rebuild();
				this.#off.push(od.handle.observe(refresh));
			} catch {
				// A missing optional part only leaves detail out; a missing main part is reported below.
			}
		}
		await this.#rebuild();
	}

	/**
	 * [HI7] The documents as they stood at the end of `day`, replayed by the server (online only):
	 * read-only copies, so the print never changes under the reader.
	 */
	async #openAsOf(day: string): Promise<void> {
		const [main, ...rest] = PARTS[this.#p.kind];
		try {
			if (!this.#family.docs[main]) throw new Error(m.print_no_access());
			this.#asOf = await loadSectionAsOf(this.#family.id, main, day);
			this.#handles[main] = this.#asOf.handle;
			for (const part of rest) {
				if (!this.#family.docs[part]) continue;
				// Detail only (e.g. the plan's signers from the case record): a failure leaves it out.
				const other = await loadSectionAsOf(this.#family.id, part, day).catch(() => null);
				if (other) this.#handles[part] = other.handle;
			}
		} catch (e) {
			if (this.#gone) return;
			this.error = e instanceof Error && e.message ? e.message : m.history_load_failed();
			return;
		}
		if (this.#gone) return;
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
		const printed = this.#asOf ? { ...r.doc, version: this.#asOfVersion(this.#asOf) } : r.doc;
		const hash = await contentHash(hashedContent(printed));
		if (this.#gone || seq !== this.#seq) return;
		this.error = null;
		this.doc = printed;
		this.hash = hash;
	}

	/** [HI7] The version line of a print as of a day: the day, the row number and the version hash. */
	#asOfVersion(v: SectionAsOf): string {
		const args = { date: plDate(this.#p.asOf ?? ''), seq: v.seq, hash: shortHash(v.versionHash) };
		return v.exact ? m.history_print_version(args) : m.history_print_version_inexact(args);
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
		// Copies as of a day belong to this print alone; live handles stay in the pool.
		if (this.#p.asOf) for (const h of Object.values(this.#handles)) h.destroy();
		for (const off of this.#off) off();
	}
}
