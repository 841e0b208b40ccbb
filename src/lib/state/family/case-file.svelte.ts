/**
 * The family's core file (family record, members, case log) over an open document. `current`
 * is a parsed snapshot refreshed after every transaction; writes are named commands. Legal
 * changes are appended as case events (CE1), never written over a field.
 */
import { z } from 'zod';
import type { DocHandle } from '$lib/sync/connect';
import * as core from '$lib/sync/core-doc';
import type { CoreFile } from '$lib/sync/core-doc';
import { CoreRoot, type HouseholdField } from '$lib/sync/doc-schema';
import type { DocRole } from '$lib/sync/protocol';
import type { FieldConflict } from '$lib/domain/conflicts';
import type { CaseEvent } from '$lib/domain/case-events';
import { actorFor } from '$lib/domain/case-intake';
import type { Actor } from '$lib/domain/case-state';
import {
	Member,
	type FamilyFlag,
	type ProblemArea,
	type Professionals,
	type Relation
} from '$lib/domain/family';
import type { StaffRole } from '$lib/domain/roles';
import { deviceTimestamp } from '../views/case-view';
import { repairFor, type RepairInvalid } from '../records/record-repair';
import { DocumentState } from '../documents/document-state.svelte';

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

/** The core file; conflicts are shown beside the fields they concern [CF6][NC2]. */
export class CaseFileState extends DocumentState<CoreFile> {
	/** [RE1] Corrects a malformed member or professionals entry in place; null when read-only. */
	readonly repair: RepairInvalid;
	/** How the user acts in the case lifecycle (null: moves no case). */
	readonly actor: Actor | null;
	readonly me: CaseActor;

	constructor(handle: DocHandle, role: DocRole, me: CaseActor, familyId?: string) {
		super(handle, role, core.readCore, familyId);
		this.me = me;
		this.repair = repairFor(handle, this.canEdit);
		this.actor = actorFor(me.role);
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
		this.handle.transact((doc) => core.appendCaseEvent(doc, event));
		return true;
	}

	setFlag(flag: FamilyFlag, on: boolean): void {
		if (this.canEdit) this.handle.transact((doc) => core.setFlag(doc, flag, on));
	}

	setProblem(area: ProblemArea, on: boolean): void {
		if (this.canEdit) this.handle.transact((doc) => core.setProblem(doc, area, on));
	}

	setProfessional(role: keyof Professionals, name: string): void {
		if (this.canEdit) this.handle.transact((doc) => core.setProfessional(doc, role, name));
	}

	addMember(name: string, relation: Relation): string | null {
		return this.canEdit
			? this.handle.transact((doc) => core.addMember(doc, { name, relation }))
			: null;
	}

	/** Sets a member's field; the caller has validated the value with the member schema. */
	setMemberField<K extends Exclude<keyof Member, 'id'>>(id: string, field: K, value: Member[K]) {
		if (this.canEdit) this.handle.transact((doc) => core.setMemberField(doc, id, field, value));
	}

	removeMember(id: string): void {
		if (this.canEdit) this.handle.transact((doc) => core.removeMember(doc, id));
	}

	/** Writes the address once, when a new family's file is started (never over typed text). */
	initAddress(address: string): void {
		if (
			this.canEdit &&
			address &&
			this.handle.read((doc) => core.householdText(doc, 'address')) === ''
		)
			this.handle.transact((doc) => core.setHouseholdText(doc, 'address', address));
	}

	/** [SY13] Writes the family's address or place of work whole. */
	setHouseholdText(field: HouseholdField, value: string): void {
		if (this.canEdit) this.handle.transact((doc) => core.setHouseholdText(doc, field, value));
	}

	/**
	 * [CF6] "Keep this one" on Sprawa i rodzina: writes a conflict's value back into its field (a
	 * new, ordinary edit everyone sees), then acknowledges the conflict for everyone.
	 */
	async keepValue(conflict: FieldConflict, value: FieldConflict['values'][number]['value']) {
		if (!this.canEdit) return;
		if (conflict.root === CoreRoot.household) {
			const field = z.enum(['address', 'workPlace']).safeParse(conflict.field);
			if (field.success) this.setHouseholdText(field.data, String(value ?? ''));
		} else if (conflict.root === CoreRoot.professionals) {
			const key = z.enum(['socialWorker', 'kurator', 'coordinator']).safeParse(conflict.field);
			if (key.success) this.setProfessional(key.data, String(value ?? ''));
		} else if (conflict.root === CoreRoot.members && conflict.recordId !== null) {
			const key = MemberShortField.safeParse(conflict.field);
			const parsed = key.success ? Member.shape[key.data].safeParse(value) : null;
			if (key.success && parsed?.success)
				this.setMemberField(conflict.recordId, key.data, parsed.data as never);
		}
		await this.conflicts?.acknowledge(conflict.id);
	}
}

/** Member fields a conflict's value may be written back into. */
const MemberShortField = z.enum([
	'name',
	'address',
	'relation',
	'birthDate',
	'school',
	'parentalAuthority',
	'whereabouts'
]);
