/**
 * The family's core file (family record, members, case log) over an open document. `current`
 * is a parsed snapshot refreshed after every transaction; writes are named commands. Legal
 * changes are appended as case events (CE1), never written over a field.
 */
import type { Action as SvelteAction } from 'svelte/action';
import type { DocHandle } from '$lib/sync/connect';
import * as core from '$lib/sync/core-doc';
import type { CoreFile } from '$lib/sync/core-doc';
import { bindText } from '$lib/sync/text-binding';
import { LOCAL_ORIGIN } from '$lib/sync/plan-doc';
import type { DocRole } from '$lib/sync/protocol';
import { reduceCase, type CaseEvent } from '$lib/domain/case-events';
import { actorFor } from '$lib/domain/case-intake';
import type { Actor } from '$lib/domain/case-state';
import type { FamilyFlag, Member, ProblemArea, Professionals, Relation } from '$lib/domain/family';
import type { StaffRole } from '$lib/domain/roles';
import { deviceTimestamp } from './case-view';
import { repairFor, type RepairInvalid } from './record-repair';

export type { CoreFile };

/** The signed-in user as the case log records them. */
export interface CaseActor {
	id: string;
	name: string;
	role: StaffRole;
}

/** An event as a command builds it; the state class adds who, when and the online flag. */
type Body<E> = E extends unknown
	? Omit<E, 'id' | 'at' | 'actorId' | 'actorRole' | 'actorName' | 'online'>
	: never;
export type CaseEventBody = Body<CaseEvent>;

const EMPTY: CoreFile = {
	address: '',
	workPlace: '',
	flags: {
		zaZyciem: false,
		courtObligation: false,
		niebieskaKarta: false,
		childInCare: false,
		niepelna: false,
		wielodzietna: false
	},
	problems: [],
	members: [],
	professionals: { socialWorker: '', kurator: '', coordinator: '' },
	caseEvents: [],
	caseView: reduceCase([]),
	invalid: []
};

export class CaseFileState {
	/** The core file as of the last transaction. */
	current = $state.raw<CoreFile>(EMPTY);
	/** Whether this user may write the core file (the server enforces it too). */
	readonly canEdit: boolean;
	/** [RE1] Corrects a malformed member or professionals entry in place; null when read-only. */
	readonly repair: RepairInvalid;
	/** How the user acts in the case lifecycle (null: moves no case). */
	readonly actor: Actor | null;
	readonly me: CaseActor;
	#handle: DocHandle;
	#refresh = () => {
		this.current = core.readCore(this.#handle.doc);
	};

	constructor(handle: DocHandle, role: DocRole, me: CaseActor) {
		this.#handle = handle;
		this.me = me;
		this.canEdit = role === 'edit';
		this.repair = repairFor(handle, this.canEdit);
		this.actor = actorFor(me.role);
		this.#refresh();
		handle.doc.on('afterTransaction', this.#refresh);
	}

	/** Stops following the document (it stays open in the pool). */
	destroy(): void {
		this.#handle.doc.off('afterTransaction', this.#refresh);
	}

	/** [CE1] Appends an event stamped with who, the device time and whether it was online. */
	record(body: CaseEventBody): boolean {
		if (!this.canEdit) return false;
		const event = {
			...body,
			id: crypto.randomUUID(),
			at: deviceTimestamp(),
			actorId: this.me.id,
			actorRole: this.me.role,
			actorName: this.me.name,
			online: typeof navigator === 'undefined' ? true : navigator.onLine
		} as CaseEvent;
		core.appendCaseEvent(this.#handle.doc, event);
		return true;
	}

	setFlag(flag: FamilyFlag, on: boolean): void {
		if (this.canEdit) core.setFlag(this.#handle.doc, flag, on);
	}

	setProblem(area: ProblemArea, on: boolean): void {
		if (this.canEdit) core.setProblem(this.#handle.doc, area, on);
	}

	setProfessional(role: keyof Professionals, name: string): void {
		if (this.canEdit) core.setProfessional(this.#handle.doc, role, name);
	}

	addMember(name: string, relation: Relation): string | null {
		return this.canEdit ? core.addMember(this.#handle.doc, { name, relation }) : null;
	}

	/** Sets a member's field; the caller has validated the value with the member schema. */
	setMemberField<K extends Exclude<keyof Member, 'id'>>(id: string, field: K, value: Member[K]) {
		if (this.canEdit) core.setMemberField(this.#handle.doc, id, field, value);
	}

	removeMember(id: string): void {
		if (this.canEdit) core.removeMember(this.#handle.doc, id);
	}

	/** Writes the address once, when a new family's file is started (never over typed text). */
	initAddress(address: string): void {
		const text = core.familyText(this.#handle.doc, 'address');
		if (this.canEdit && address && text.length === 0)
			this.#handle.doc.transact(() => text.insert(0, address), LOCAL_ORIGIN);
	}

	/** `use:file.textField={'address'}`: a collaborative text field (SY1). */
	textField: SvelteAction<HTMLInputElement | HTMLTextAreaElement, 'address' | 'workPlace'> = (
		el,
		field
	) => {
		const unbind = bindText(el, core.familyText(this.#handle.doc, field));
		return { destroy: unbind };
	};
}
