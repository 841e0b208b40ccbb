/**
 * [CE10] Changing a family's assistant: the server changes the assignment and the grants (G1,
 * G2, the date), then this device records the change in the case log as the head's event.
 */
import { z } from 'zod';
import { m } from '$lib/paraglide/messages.js';
import type { AssistantChangeRequest } from '$lib/domain/assistant-change';
import type { CaseFileState } from '../family/case-file.svelte';
import { families } from './families.svelte';
import { sendJson } from './send-json';

const Person = z.object({ id: z.string(), name: z.string() });
const Answer = z.object({ from: Person.nullable(), to: Person });
const ErrorBody = z.object({ error: z.string() });

/** Null when done (server and case log), else a Polish message; the form keeps what was typed. */
export async function changeAssistant(
	file: CaseFileState,
	familyId: string,
	req: AssistantChangeRequest,
	userId: string
): Promise<string | null> {
	const res = await sendJson(
		`/api/families/${encodeURIComponent(familyId)}/assistant`,
		'POST',
		req
	);
	if (!res) return m.law_change_offline();
	const body: unknown = await res.json().catch(() => null);
	if (!res.ok)
		return m.law_change_failed({
			error:
				ErrorBody.safeParse(body).data?.error ?? m.families_server_error({ status: res.status })
		});
	const answer = Answer.safeParse(body);
	if (!answer.success) return m.families_bad_answer();
	const { from, to } = answer.data;
	const logged = file.record({
		type: 'zmiana_asystenta',
		fromId: from?.id ?? '',
		fromName: from?.name ?? '',
		toId: to.id,
		toName: to.name,
		since: req.since,
		reason: req.reason
	});
	await families.load(userId);
	return logged ? null : m.law_change_log_failed();
}
