import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/lib/server/db.js';
import { SqliteDocStore } from '../../server/store/sqlite.js';
import { runDocStoreContract } from './doc-store.contract.js';
import { runUpdateLogContract } from './update-log.contract.js';

function sqliteStore() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-store-'));
	const file = path.join(dir, 'asysta.sqlite');
	let db = openDatabase(file);
	const reopen = async () => (db.close(), (db = openDatabase(file)), new SqliteDocStore(db));
	return {
		store: new SqliteDocStore(db),
		reopen,
		teardown: async () => (db.close(), fs.rmSync(dir, { recursive: true, force: true }))
	};
}

runDocStoreContract('sqlite', async () => sqliteStore());
runUpdateLogContract('sqlite', async () => sqliteStore());
