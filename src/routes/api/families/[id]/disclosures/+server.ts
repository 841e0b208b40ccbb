/**
 * `GET /api/families/:id/disclosures` → `{ disclosures }`: the family's disclosures (udostępnienia,
 * DR7), newest first, for its assistant and the organisation's kierownik (as the audit trail).
 */
import { listDisclosures } from '$lib/server/device-audit';
import { managersGet } from '$lib/server/http/family';
import { getSql } from '$lib/server/sql';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

export const GET = managersGet(m.api_disclosures_forbidden, async (_db, familyId) => ({
	disclosures: await listDisclosures(getSql(), familyId)
}));
