/**
 * "Dostęp i dziennik" of one family: its grants and audit trail from the API (online only; this
 * is administration, not case work), and the grant/revoke commands. Responses parsed with zod.
 */
import { m } from '$lib/paraglide/messages.js';
import { todayInPoland } from '$lib/domain/dates';
import { checkDate } from '../forms/date-bounds';
import { z } from 'zod';
import { Compartment } from '$lib/domain/compartments';
import { DocRole } from '$lib/sync/protocol';

const Grant = z.object({
	id: z.string(),
	userId: z.string(),
	userName: z.string(),
	userRole: z.string(),
	/** [ST2] The grantee's institution when not the OPS. */
	external: z.string().nullable().default(null),
	role: DocRole,
	compartments: z.array(z.string()),
	validFrom: z.number(),
	validTo: z.number().nullable(),
	grantedBy: z.string().nullable(),
	reason: z.string(),
	revokedAt: z.number().nullable()
});
export type Grant = z.infer<typeof Grant>;

const AuditRow = z.object({
	seq: z.number().nullable(),
	at: z.number(),
	actorName: z.string().nullable(),
	actorRole: z.string().nullable(),
	action: z.string(),
	object: z.string().nullable(),
	detail: z.string()
});
export type AuditRow = z.infer<typeof AuditRow>;

const ErrorBody = z.object({ error: z.string() });

/** A new grant as the form collects it. */
export interface GrantForm {
	user: string;
	role: DocRole;
	compartments: Compartment[];
	/** YYYY-MM-DD, or '' for no end. */
	validTo: string;
	reason: string;
}

async function errorOf(res: Response): Promise<string> {
	const body = ErrorBody.safeParse(await res.json().catch(() => null));
	return body.success ? body.data.error : m.families_server_error({ status: res.status });
}

export class AccessState {
	grants = $state.raw<Grant[]>([]);
	audit = $state.raw<AuditRow[]>([]);
	/** null until loaded; false when the user may not manage this family's access. */
	canManage = $state<boolean | null>(null);
	error = $state<string | null>(null);
	readonly familyId: string;

	constructor(familyId: string) {
		this.familyId = familyId;
	}

	#url(path = ''): string {
		return `/api/families/${encodeURIComponent(this.familyId)}${path}`;
	}

	/** Loads grants and the trail; a 403 means "not the assistant nor the head". */
	async load(): Promise<void> {
		try {
			const [g, a] = await Promise.all([fetch(this.#url('/grants')), fetch(this.#url('/audit'))]);
			if (g.status === 403) {
				this.canManage = false;
				return;
			}
			if (!g.ok) throw new Error(await errorOf(g));
			this.grants = z.object({ grants: z.array(Grant) }).parse(await g.json()).grants;
			this.audit = a.ok ? z.object({ rows: z.array(AuditRow) }).parse(await a.json()).rows : [];
			this.canManage = true;
			this.error = null;
		} catch (e) {
			this.error =
				e instanceof TypeError
					? m.common_access_offline()
					: e instanceof Error
						? e.message
						: m.common_load_failed();
		}
	}

	/** Grants access; returns a Polish error or null. */
	async grant(form: GrantForm): Promise<string | null> {
		const validTo = form.validTo ? Date.parse(`${form.validTo}T23:59:59`) : null;
		if (validTo !== null && Number.isNaN(validTo)) return m.common_access_bad_valid_to();
		const fit = checkDate('grantValidTo', form.validTo, todayInPoland());
		if (fit.error) return fit.error;
		try {
			const res = await fetch(this.#url('/grants'), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ ...form, validTo })
			});
			if (!res.ok) return await errorOf(res);
		} catch {
			return m.common_offline();
		}
		await this.load();
		return null;
	}

	/** Revokes a grant; the user's open connections to the family close at once. */
	async revoke(grantId: string): Promise<string | null> {
		try {
			const res = await fetch(`/api/grants/${encodeURIComponent(grantId)}`, { method: 'DELETE' });
			if (!res.ok) return await errorOf(res);
		} catch {
			return m.common_offline();
		}
		await this.load();
		return null;
	}

	/** Where the CSV export downloads from (the export is audited by the server). */
	get csvUrl(): string {
		return this.#url('/audit.csv');
	}
}
