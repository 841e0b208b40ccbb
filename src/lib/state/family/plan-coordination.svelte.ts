/**
 * The plan's coordinated-mode fields (PC3) over the open plan document: the *plan pomocy dziecku*
 * reference and the foster-care coordinator, shown while a child is in care.
 */
import type { DocHandle } from '$lib/sync/connect';
import type { DocRole } from '$lib/sync/protocol';
import * as planDoc from '$lib/sync/plan-doc';
import { PlanCoordination } from '$lib/domain/care';
import { DocumentState } from '../documents/document-state.svelte';
import type { InvalidItem } from '$lib/domain/invalid-item';

export class PlanCoordinationState extends DocumentState<{
	coordination: PlanCoordination;
	invalid: InvalidItem[];
}> {
	constructor(handle: DocHandle, role: DocRole) {
		super(handle, role, planDoc.readCoordination);
	}

	/** Sets a field; a value the schema refuses (too long) is not stored. Returns whether stored. */
	set(key: keyof PlanCoordination, value: string): boolean {
		if (!this.canEdit) return false;
		if (!PlanCoordination.shape[key].safeParse(value.trim()).success) return false;
		this.handle.transact((doc) => planDoc.setCoordinationField(doc, key, value));
		return true;
	}
}
