/** `GET /api/families`: the families the signed-in user may open, with their documents. */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getSql } from '$lib/server/sql';
import { listFamiliesForUser } from '$lib/server/families';
import { pinnedFamilies } from '$lib/server/pins';
import { createFamilyFromIntake } from '$lib/server/intake';
import { NewFamilyRequest } from '$lib/domain/case-intake';
import { notSignedIn } from '$lib/server/http/answer';
import { m } from '$lib/paraglide/messages.js';
import { dateBounds, dateFits, SERVER_SLACK_MONTHS } from '$lib/domain/date-bounds';
import { formatDatePl, todayInPoland } from '$lib/domain/dates';

export const prerender = false;

export const GET: RequestHandler = async ({ locals }) => {
	if (!locals.user) return notSignedIn();
	const sql = getSql();
	// [AC12] Each family says whether this user pinned it to keep it whole on their devices.
	const pins = await pinnedFamilies(sql, locals.user.id);
	const list = (await listFamiliesForUser(sql, locals.user.id)).map((f) => ({
		...f,
		pinned: pins.has(f.id)
	}));
	return json(list, {
		headers: { 'cache-control': 'no-store' }
	});
};

/**
 * `POST /api/families` (issue 4): an assistant or a head creates a family taken over from intake
 * elsewhere; G1 and G2 are checked here against the organisation's caseloads.
 */
export const POST: RequestHandler = async ({ locals, request }) => {
	if (!locals.user) return notSignedIn();
	const body = NewFamilyRequest.safeParse(await request.json().catch(() => null));
	if (!body.success)
		return json(
			{ error: body.error.issues[0]?.message ?? m.api_family_invalid() },
			{ status: 400 }
		);
	// [DB1] The signal date within its bounds (the form's, widened by the server's slack).
	const signal = body.data.caseRefs.signalDate;
	if (!dateFits('signalDate', signal, todayInPoland(), SERVER_SLACK_MONTHS)) {
		const { min, max } = dateBounds('signalDate', todayInPoland(), SERVER_SLACK_MONTHS);
		return json(
			{ error: m.caseload_date_out_of_range({ min: formatDatePl(min), max: formatDatePl(max) }) },
			{ status: 400 }
		);
	}
	const r = await createFamilyFromIntake(getSql(), locals.user, body.data);
	if (!r.ok) return json({ error: r.error }, { status: r.status });
	return json(r.family, { status: 201 });
};
