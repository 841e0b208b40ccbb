import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/lib/server/db.js';
import { SqliteSql } from '../../src/lib/server/sql.js';
import { runSqlContract } from './sql.contract.js';

runSqlContract('sqlite', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-sql-'));
	const db = openDatabase(path.join(dir, 'asysta.sqlite'));
	return {
		sql: new SqliteSql(db),
		teardown: async () => (db.close(), fs.rmSync(dir, { recursive: true, force: true }))
	};
});
