/**
 * The plan's coordinated-mode fields (PC3) over the open plan document: the *plan pomocy dziecku*
 * reference and the foster-care coordinator, shown while a child is in care.
 */
import type { DocHandle } from '$lib/sync/connect';
import type { DocRole } from '$lib/sync/protocol';
import * as planDoc from '$lib/sync/plan-doc';
import { EMPTY_COORDINATION, PlanCoordination } from '$lib/domain/care';
import type { InvalidItem } from '$lib/domain/work-plan';

export class PlanCoordinationState {
	current = $state.raw<{ coordination: PlanCoordination; invalid: InvalidItem[] }>({
		coordination: EMPTY_COORDINATION,
		invalid: []
	});
	readonly canEdit: boolean;
	#handle: DocHandle;
	#refresh = () => {
		this.current = planDoc.readCoordination(this.#handle.doc);
	};

	constructor(handle: DocHandle, role: DocRole) {
		this.#handle = handle;
		this.canEdit = role === 'edit';
		this.#refresh();
		handle.doc.on('afterTransaction', this.#refresh);
	}

	destroy(): void {
		this.#handle.doc.off('afterTransaction', this.#refresh);
	}

	/** Sets a field; a value the schema refuses (too long) is not stored. Returns whether stored. */
	set(key: keyof PlanCoordination, value: string): boolean {
		if (!this.canEdit) return false;
		if (!PlanCoordination.shape[key].safeParse(value.trim()).success) return false;
		planDoc.setCoordinationField(this.#handle.doc, key, value);
		return true;
	}
}
