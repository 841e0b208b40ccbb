/**
 * [CE8] Where the head's review of each family's stored case log is kept (`case_log_reviews`):
 * written by the sync server when it projects a core document, read by the head's view.
 */
import { z } from 'zod';
import type { CaseLogBreak } from '../domain/case-log-review.js';
import type { Sql } from './sql.js';
import { placeholders } from './sql-batch.js';

const StoredBreak = z.object({
	position: z.number().int().min(0),
	code: z.enum([
		'removed',
		'invalid',
		'unknown-writer',
		'foreign-author',
		'not-an-exit',
		'not-your-transition'
	]),
	eventId: z.string().nullable(),
	type: z.string().nullable(),
	at: z.string().nullable(),
	writerId: z.string().nullable(),
	claimedActorId: z.string().nullable()
}) satisfies z.ZodType<CaseLogBreak>;

/** One break as the head reads it: the people named, not their ids. */
export interface CaseLogBreakLine extends CaseLogBreak {
	writerName: string | null;
	claimedActorName: string | null;
}

export interface FamilyCaseLogBreaks {
	id: string;
	name: string;
	breaks: CaseLogBreakLine[];
}

/**
 * Replaces the family's review with `breaks` (an empty list: the log keeps the policy). A
 * `backfill` never replaces a review: the live document's projection may have written a newer one
 * while the stored copy was read.
 */
export async function storeCaseLogReview(
	sql: Sql,
	familyId: string,
	breaks: readonly CaseLogBreak[],
	opts: { backfill?: boolean; now?: number } = {}
): Promise<void> {
	const onConflict = opts.backfill
		? 'DO NOTHING'
		: 'DO UPDATE SET reviewed_at = excluded.reviewed_at, breaks = excluded.breaks';
	await sql.run(
		`INSERT INTO case_log_reviews (family_id, reviewed_at, breaks) VALUES (?, ?, ?)
		 ON CONFLICT(family_id) ${onConflict}`,
		familyId,
		opts.now ?? Date.now(),
		JSON.stringify(breaks)
	);
}

/** Core documents of families whose case log was never reviewed (stored before CE8). */
export async function unreviewedCoreDocs(
	sql: Sql
): Promise<{ docName: string; familyId: string }[]> {
	const rows = await sql.all<{ name: string; family_id: string }>(
		`SELECT d.name, d.family_id FROM documents d
		 LEFT JOIN case_log_reviews r ON r.family_id = d.family_id
		 WHERE d.kind = 'family' AND d.compartment = 'core' AND d.family_id IS NOT NULL
		   AND r.family_id IS NULL
		 ORDER BY d.name`
	);
	return rows.map((r) => ({ docName: r.name, familyId: r.family_id }));
}

/** [CE8] The staff role of each of these users (an unknown id is absent), in one statement. */
export async function staffRolesOf(
	sql: Sql,
	userIds: readonly string[]
): Promise<Map<string, string>> {
	if (userIds.length === 0) return new Map();
	const rows = await sql.all<{ id: string; role: string }>(
		`SELECT id, role FROM users WHERE id IN (${placeholders(userIds.length)})`,
		...userIds
	);
	return new Map(rows.map((u) => [u.id, u.role]));
}

/** Families of the organisation whose stored case log breaks the policy, by family name. */
export async function caseLogBreaksOf(sql: Sql, orgId: string): Promise<FamilyCaseLogBreaks[]> {
	const rows = await sql.all<{ id: string; name: string; breaks: string }>(
		`SELECT f.id, f.name, r.breaks FROM case_log_reviews r JOIN families f ON f.id = r.family_id
		 WHERE f.org_id = ? AND r.breaks <> '[]' ORDER BY f.name`,
		orgId
	);
	const parsed = rows.map((r) => ({ ...r, breaks: parseBreaks(r.breaks) }));
	// The people named, read in one statement for every family.
	const ids = [
		...new Set(parsed.flatMap((r) => r.breaks.flatMap((b) => [b.writerId, b.claimedActorId])))
	].filter((id): id is string => id !== null);
	const names = new Map(
		ids.length === 0
			? []
			: (
					await sql.all<{ id: string; name: string }>(
						`SELECT id, name FROM users WHERE id IN (${placeholders(ids.length)})`,
						...ids
					)
				).map((u) => [u.id, u.name])
	);
	const name = (id: string | null) => (id ? (names.get(id) ?? null) : null);
	return parsed.map((r) => ({
		id: r.id,
		name: r.name,
		breaks: r.breaks.map((b) => ({
			...b,
			writerName: name(b.writerId),
			claimedActorName: name(b.claimedActorId)
		}))
	}));
}

function parseBreaks(text: string): CaseLogBreak[] {
	try {
		const parsed = z.array(StoredBreak).safeParse(JSON.parse(text));
		return parsed.success ? parsed.data : [];
	} catch {
		return [];
	}
}
