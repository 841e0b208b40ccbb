/**
 * Creating a family (`POST /api/families`) and starting its case file on this device: the
 * intake event (CE5) and the address go into the core document as the creator's first edits.
 */
import { z } from 'zod';
import { m } from '$lib/paraglide/messages.js';
import type { IntakeRefs } from '$lib/domain/case-events';
import type { NewFamilyRequest } from '$lib/domain/case-intake';
import { CaseFileState, type CaseActor } from '../family/case-file.svelte';
import { documents } from '../documents/documents.svelte';
import { families, FamilyEntry } from '../api/families.svelte';
import type { Result } from '$lib/domain/result';
import { sendJson } from '../api/send-json';

/** Whom a new family may be given to (GET /api/families/intake). */
export const IntakeOptions = z.object({
	assistants: z.array(
		z.object({ assistantId: z.string(), name: z.string(), count: z.number(), limit: z.number() })
	),
	socialWorkers: z.array(z.object({ id: z.string(), name: z.string() })),
	ceiling: z.number()
});
export type IntakeOptions = z.infer<typeof IntakeOptions>;

const ErrorBody = z.object({ error: z.string() });

/** The colleagues to choose from, or a Polish message. */
export async function loadIntakeOptions(): Promise<IntakeOptions | string> {
	try {
		const res = await fetch('/api/families/intake', { headers: { accept: 'application/json' } });
		const body: unknown = await res.json().catch(() => null);
		if (!res.ok)
			return (
				ErrorBody.safeParse(body).data?.error ?? m.families_server_error({ status: res.status })
			);
		return IntakeOptions.safeParse(body).data ?? m.families_bad_answer();
	} catch {
		return m.families_intake_offline();
	}
}

/** Creates the family on the server; returns it, or a Polish message (nothing typed is lost). */
export async function createFamily(
	body: NewFamilyRequest
): Promise<Result<{ family: FamilyEntry }, { error: string }>> {
	const res = await sendJson('/api/families', 'POST', body);
	if (!res) return { ok: false, error: m.families_create_offline() };
	const json: unknown = await res.json().catch(() => null);
	if (!res.ok)
		return {
			ok: false,
			error:
				ErrorBody.safeParse(json).data?.error ?? m.families_server_error({ status: res.status })
		};
	const family = FamilyEntry.safeParse(json);
	if (!family.success) return { ok: false, error: m.families_bad_family() };
	return { ok: true, family: family.data };
}

/** Writes the first case event and the address into the new family's core document. */
export async function startCaseFile(
	me: CaseActor,
	family: FamilyEntry,
	init: { refs: IntakeRefs; address: string }
): Promise<boolean> {
	const core = family.docs['core'];
	if (!core || core.role !== 'edit') return false;
	const doc = await documents.acquire(me.id, core);
	const file = new CaseFileState(doc.handle, core.role, me);
	try {
		if (file.current.caseEvents.length === 0)
			file.record({ type: 'przyjecie', to: 'PRZYDZIELONA', refs: init.refs });
		// [LS2] „Za życiem” as the basis also sets the family record's flag.
		if (init.refs.basis === 'za_zyciem') file.setFlag('zaZyciem', true);
		file.initAddress(init.address);
	} finally {
		file.destroy();
	}
	await families.load(me.id);
	return true;
}
