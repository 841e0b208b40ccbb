import { openPgPool } from '../../server/store/pg-pool.js';
import { PgSql } from '../../server/store/pg-sql.js';
import { runSqlContract } from './sql.contract.js';
import { pgSuite } from './pg-cluster.js';

await pgSuite('sql', (db) => {
	runSqlContract('postgres', async () => {
		const pool = await openPgPool({ connectionString: await db.schema() });
		return { sql: new PgSql(pool), teardown: () => pool.end() };
	});
});
