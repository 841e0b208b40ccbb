/**
 * [DS15] No raw SQL in the sync server (issue 16): server/*.ts reaches tables through the data
 * layer (src/lib/server, server/store). The admin CLI and the demo seed are the two files still
 * allowed to write SQL of their own (listed here, so a new one is a decision, not a slip).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const SERVER = path.resolve(import.meta.dirname, '../../server');
const STILL_ALLOWED = ['admin.ts', 'seed.ts'];
const SQL =
	/\.prepare\(|\bdb\.exec\(|\.pragma\(|\.query\(|\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\s+\w+/;

it('[DS15] server/*.ts outside the data layer holds no SQL (rooms.ts and case-log-review.ts included)', () => {
	const offenders = fs
		.readdirSync(SERVER)
		.filter((f) => f.endsWith('.ts') && !STILL_ALLOWED.includes(f))
		.filter((f) => SQL.test(fs.readFileSync(path.join(SERVER, f), 'utf8')));
	expect(offenders).toEqual([]);
});
