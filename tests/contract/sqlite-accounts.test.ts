import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteAccountStore } from '../../src/lib/server/account-store.js';
import { openDatabase } from '../../src/lib/server/db.js';
import { createFamily } from '../../src/lib/server/families.js';
import { runAccountStoreContract } from './account-store.contract.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';

runAccountStoreContract('sqlite', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-accounts-'));
	const db = openDatabase(path.join(dir, 'asysta.sqlite'));
	return {
		store: new SqliteAccountStore(db),
		setOrgSettings: async (orgId, settings) =>
			void db
				.prepare('UPDATE organisations SET settings = ? WHERE id = ?')
				.run(JSON.stringify(settings), orgId),
		tamperAudit: () => ({
			update: async () => db.prepare("UPDATE audit_log SET action = 'login'").run(),
			remove: async () => db.prepare('DELETE FROM audit_log').run()
		}),
		family: async (orgId) =>
			await createFamily(sqliteSqlOf(db), {
				orgId,
				name: `Rodzina ${crypto.randomUUID()}`,
				assistantId: null,
				createdBy: null
			}),
		teardown: async () => (db.close(), fs.rmSync(dir, { recursive: true, force: true }))
	};
});
