/**
 * [CE8] Where the head's review of each family's stored case log is kept (`case_log_reviews`):
 * written by the sync server when it projects a core document, read by the head's view.
 */
import { z } from 'zod';
import type { CaseLogBreak } from '../domain/case-log-review.js';
import type { Db } from './db.js';

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
export function storeCaseLogReview(
	db: Db,
	familyId: string,
	breaks: readonly CaseLogBreak[],
	opts: { backfill?: boolean; now?: number } = {}
): void {
	const onConflict = opts.backfill
		? 'DO NOTHING'
		: 'DO UPDATE SET reviewed_at = excluded.reviewed_at, breaks = excluded.breaks';
	db.prepare(
		`INSERT INTO case_log_reviews (family_id, reviewed_at, breaks) VALUES (?, ?, ?)
		 ON CONFLICT(family_id) ${onConflict}`
	).run(familyId, opts.now ?? Date.now(), JSON.stringify(breaks));
}

/** Core documents of families whose case log was never reviewed (stored before CE8). */
export function unreviewedCoreDocs(db: Db): { docName: string; familyId: string }[] {
	return db
		.prepare(
			`SELECT d.name AS docName, d.family_id AS familyId FROM documents d
			 LEFT JOIN case_log_reviews r ON r.family_id = d.family_id
			 WHERE d.kind = 'family' AND d.compartment = 'core' AND d.family_id IS NOT NULL
			   AND r.family_id IS NULL
			 ORDER BY d.name`
		)
		.all() as { docName: string; familyId: string }[];
}

/** Families of the organisation whose stored case log breaks the policy, by family name. */
export function caseLogBreaksOf(db: Db, orgId: string): FamilyCaseLogBreaks[] {
	const rows = db
		.prepare(
			`SELECT f.id, f.name, r.breaks FROM case_log_reviews r JOIN families f ON f.id = r.family_id
			 WHERE f.org_id = ? AND r.breaks <> '[]' ORDER BY f.name`
		)
		.all(orgId) as { id: string; name: string; breaks: string }[];
	const nameOf = db.prepare('SELECT name FROM users WHERE id = ?');
	const name = (id: string | null) =>
		id ? ((nameOf.get(id) as { name: string } | undefined)?.name ?? null) : null;
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		breaks: parseBreaks(r.breaks).map((b) => ({
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

/**
 * A prepared lookup of a user's staff role (null for an unknown id) for the synchronous review.
 * Here since users.ts moved onto `Sql` (issue 16, `staffRoleOf` there); it goes when the review
 * itself does.
 */
export function staffRoleLookup(db: Db): (userId: string) => string | null {
	const roleOf = db.prepare('SELECT role FROM users WHERE id = ?');
	return (id) => (roleOf.get(id) as { role: string } | undefined)?.role ?? null;
}
