/**
 * DZIECKO_W_PIECZY / POWROT_DZIECKA from the family record (PC1, PC2): the event in the case
 * log, the child's whereabouts and the family's "dziecko w pieczy" flag, kept in step.
 */
import { PlacementKind } from '$lib/domain/case-events';
import { placementRefusal } from '$lib/domain/care';
import { IsoDate } from '$lib/domain/iso-date';
import { m } from '$lib/paraglide/messages.js';
import { todayInPoland } from '$lib/domain/dates';
import { checkDate } from '../forms/date-bounds';
import type { CaseFileState } from './case-file.svelte';

/** Records a placement; returns a Polish message when refused (nothing written). */
export function placeChild(
	file: CaseFileState,
	memberId: string,
	date: string,
	where: string
): string | null {
	if (!file.canEdit) return m.court_order_no_write();
	const refusal = placementRefusal(file.current.caseView.state);
	if (refusal) return refusal;
	const d = IsoDate.safeParse(date);
	const w = PlacementKind.safeParse(where);
	if (!d.success || !w.success) return m.care_err_date();
	// [DB3] A placement happened already, at most a childhood ago (the server refuses it too).
	const fit = checkDate('placementDate', d.data, todayInPoland()).error;
	if (fit) return fit;
	if (!file.record({ type: 'dziecko_w_pieczy', memberId, date: d.data, where: w.data }))
		return m.court_order_no_write();
	file.setMemberField(memberId, 'whereabouts', w.data);
	file.setFlag('childInCare', true);
	return null;
}

/** Records the child's return; the flag goes off with the last child in care. */
export function returnChild(file: CaseFileState, memberId: string, date: string): string | null {
	if (!file.canEdit) return m.court_order_no_write();
	const refusal = placementRefusal(file.current.caseView.state);
	if (refusal) return refusal;
	const d = IsoDate.safeParse(date);
	if (!d.success) return m.care_err_date();
	const fit = checkDate('placementDate', d.data, todayInPoland()).error;
	if (fit) return fit;
	if (!file.record({ type: 'powrot_dziecka', memberId, date: d.data }))
		return m.court_order_no_write();
	file.setMemberField(memberId, 'whereabouts', 'dom');
	// `current` is refreshed after every transaction, so it already folds the return.
	file.setFlag('childInCare', file.current.caseView.childrenInCare.length > 0);
	return null;
}
