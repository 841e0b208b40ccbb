/**
 * [AU6] The head's list of staff with their live sessions, and "Wyloguj wszędzie" for one of
 * them. Online only: ending sessions is the server's act.
 */
import { z } from 'zod';
import { StaffRole } from '$lib/domain/roles';
import { defaultParticipant, institutionText, Participant } from '$lib/domain/institution';
import { m } from '$lib/paraglide/messages.js';

const Member = z.object({
	id: z.string(),
	name: z.string(),
	email: z.string(),
	role: StaffRole,
	disabled: z.boolean(),
	sessions: z.number().int(),
	lastSeenAt: z.number().nullable(),
	/** [ST2] OPS or another institution, and membership of the interdisciplinary team. */
	institution: Participant.optional()
});
export type StaffMember = z.infer<typeof Member>;
const StaffResponse = z.object({ staff: z.array(Member) });
const Ended = z.object({ sessions: z.number().int() });
const ErrorBody = z.object({ error: z.string() });

export class StaffSessionsState {
	staff = $state.raw<StaffMember[]>([]);
	error = $state<string | null>(null);
	/** The last "Wyloguj wszędzie" done, for the status line. */
	done = $state<string | null>(null);

	async load(): Promise<void> {
		try {
			const res = await fetch('/api/organisation/staff', {
				headers: { accept: 'application/json' }
			});
			const body = StaffResponse.safeParse(await res.json().catch(() => null));
			if (!res.ok || !body.success) throw new Error('bad answer');
			this.staff = body.data.staff;
			this.error = null;
		} catch {
			this.error = m.security_staff_sessions_failed();
		}
	}

	/** [ST2] The member's institution as recorded (or assumed by role). */
	institutionOf(member: StaffMember): Participant {
		return member.institution ?? defaultParticipant(member.role);
	}

	/**
	 * [ST2] Records the member's institution; null when stored (the list reloads), else the
	 * server's Polish message (the form keeps what was typed).
	 */
	async recordInstitution(member: StaffMember, value: Participant): Promise<string | null> {
		this.done = null;
		let changed: number;
		try {
			const res = await fetch(
				`/api/organisation/staff/${encodeURIComponent(member.id)}/institution`,
				{
					method: 'PUT',
					headers: { 'content-type': 'application/json', accept: 'application/json' },
					body: JSON.stringify(value)
				}
			);
			if (!res.ok) {
				const err = ErrorBody.safeParse(await res.json().catch(() => null));
				return err.success ? err.data.error : m.law_st2_failed();
			}
			// [ST4] The person's grants followed the record: say how many changed.
			const body = (await res.json().catch(() => null)) as { grantsChanged?: unknown } | null;
			changed = typeof body?.grantsChanged === 'number' ? body.grantsChanged : 0;
		} catch {
			return m.law_st2_failed();
		}
		this.done = m.law_st2_saved({ name: `${member.name}: ${institutionText(value)}` });
		if (changed > 0) this.done += ` ${m.law3_st4_grants_changed({ count: changed })}`;
		await this.load();
		return null;
	}

	async endSessions(member: StaffMember): Promise<void> {
		this.done = null;
		let json: unknown = null;
		let ok = false;
		try {
			const res = await fetch(
				`/api/organisation/staff/${encodeURIComponent(member.id)}/end-sessions`,
				{
					method: 'POST',
					headers: { accept: 'application/json' }
				}
			);
			ok = res.ok;
			json = await res.json().catch(() => null);
		} catch {
			// Offline: `ok` stays false and the message below says so.
		}
		const ended = Ended.safeParse(json);
		if (ok && ended.success) {
			this.done = m.security_staff_sessions_ended({
				count: ended.data.sessions,
				name: member.name
			});
			this.error = null;
			await this.load();
		} else {
			const err = ErrorBody.safeParse(json);
			this.error = err.success ? err.data.error : m.security_logout_everywhere_failed();
		}
	}
}
