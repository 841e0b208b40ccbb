/**
 * Multi-row statements for the data layer (DA13): on PostgreSQL every statement is a round trip,
 * so rows written together go in one `INSERT … VALUES (…), (…)` rather than one statement each.
 */
import type { Param, Sql } from './sql.js';

/** Rows per statement: well under both engines' limits on placeholders (SQLite 32766). */
const ROWS_PER_STATEMENT = 200;

/** `?, ?, …` for `n` parameters (an `IN (…)` list). */
export function placeholders(n: number): string {
	return Array.from({ length: n }, () => '?').join(', ');
}

/**
 * Inserts `rows` with `head` (`INSERT INTO t (a, b)`) and `tail` (`ON CONFLICT DO NOTHING`), a
 * few hundred rows per statement; resolves to how many rows were inserted. Each row has the
 * same number of values.
 */
export async function insertRows(
	sql: Sql,
	head: string,
	tail: string,
	rows: readonly (readonly Param[])[]
): Promise<number> {
	let changed = 0;
	for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
		const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
		const values = chunk.map((r) => `(${placeholders(r.length)})`).join(', ');
		changed += await sql.run(`${head} VALUES ${values} ${tail}`, ...chunk.flat());
	}
	return changed;
}
