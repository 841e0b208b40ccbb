/**
 * [RE1–RE4] Correcting a malformed value from the UI: which items may be corrected by this user,
 * the write itself (through sync/repair-targets.ts) and the Polish words for a refusal. Components
 * get a `RepairInvalid` function and never see the document.
 */
import { m } from '$lib/paraglide/messages.js';
import type { InvalidItem } from '$lib/domain/invalid-item';
import { isRepairable, repairInvalid } from '$lib/sync/repair-targets';
import type { RepairIssue, RepairResult } from '$lib/sync/record-repair';
import type { DocHandle } from '$lib/sync/connect';

export type { RepairResult };

/** What a list offers for its malformed items: null when this user cannot correct them. */
export type RepairInvalid = ((item: InvalidItem, text: string) => RepairResult) | null;

/** The correction function for one document, or null for a read-only user (RE3). */
export function repairFor(handle: DocHandle | null, canEdit: boolean): RepairInvalid {
	if (!canEdit || !handle) return null;
	return (item, text) =>
		isRepairable(item)
			? handle.transact((doc) => repairInvalid(doc, item, text))
			: { ok: false, reason: 'append-only' };
}

/** Whether the UI should offer correcting this item at all. */
export function canRepair(item: InvalidItem, repair: RepairInvalid): boolean {
	return repair !== null && isRepairable(item);
}

function problem(issue: RepairIssue): string {
	// The schema's own messages for custom rules are Polish and precise.
	return issue.code === 'custom' ? issue.message : m.records_problem_label({ code: issue.code });
}

/** [RE2] The Polish lines that say why a correction was refused (empty when it was stored). */
export function repairFailure(result: RepairResult): string[] {
	if (result.ok) return [];
	switch (result.reason) {
		case 'json':
			return [m.records_repair_json()];
		case 'changed':
			return [m.records_repair_changed()];
		case 'append-only':
			return [m.records_repair_append_only()];
		case 'schema':
			return [
				m.records_repair_still_invalid(),
				...result.issues.map((i) =>
					i.path === ''
						? m.records_repair_whole({ problem: problem(i) })
						: m.records_repair_field({ field: i.path, problem: problem(i) })
				)
			];
	}
}

/** The raw text as the user edits it: indented when it is JSON, so fields sit on their own lines. */
export function editableRaw(raw: string): string {
	try {
		return JSON.stringify(JSON.parse(raw), null, 2);
	} catch {
		return raw;
	}
}
