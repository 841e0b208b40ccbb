/**
 * Routes that read one family's records for the people who manage it: its assistant and the
 * organisation's kierownik (AC7). The check and the answer's caching are the same for each list.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getDb, type Db } from '../db.js';
import { getSql } from '../sql.js';
import { canManageFamily } from '../grant-policy.js';
import { NO_STORE, notSignedIn, refuse } from './answer.js';

/**
 * `GET` of a family's list: 401 without a user, 403 with `forbidden` for anyone who does not
 * manage the family `params.id`, else `read`'s object as JSON, never cached.
 */
export function managersGet(
	forbidden: () => string,
	read: (db: Db, familyId: string) => Record<string, unknown> | Promise<Record<string, unknown>>
): RequestHandler {
	return async ({ locals, params }) => {
		if (!locals.user) return notSignedIn();
		const familyId = params.id ?? '';
		const db = getDb();
		if (!(await canManageFamily(getSql(), locals.user, familyId))) return refuse(403, forbidden());
		return json(await read(db, familyId), { headers: NO_STORE });
	};
}
