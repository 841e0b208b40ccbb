/**
 * `GET /api/families/:id/audit` → the family's trail (audit log and stored writes, AL3), newest
 * first, for its assistant and the organisation's kierownik only (AC7).
 */
import { familyTrail } from '$lib/server/audit-writes';
import { getUpdateLog } from '$lib/server/update-log';
import { managersGet } from '$lib/server/http/family';
import { getSql } from '$lib/server/sql';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

export const GET = managersGet(m.api_audit_forbidden, async (_db, familyId) => ({
	rows: await familyTrail(getSql(), getUpdateLog(), familyId)
}));
