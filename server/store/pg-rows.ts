/**
 * The statements a DocStore commit on PostgreSQL is made of (pg.ts): one multi-row statement per
 * table, and for a cluster (CL1) the rows renumbered after each document's highest stored seq and
 * the announcements of what the commit stored.
 */
import type pg from 'pg';
import type { ClientBinding, CheckpointRow, CommitBatch, UpdateRow } from './doc-store.js';
import { rowsPayload, type RowsMessage } from '../cluster/cluster.js';

/** [DS10] New bindings; one already stored is kept as is. */
export async function insertClients(c: pg.PoolClient, clients: ClientBinding[]): Promise<void> {
	await c.query(
		`INSERT INTO doc_clients (doc_name, client_id, user_id, bound_at)
		 SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[])
		 ON CONFLICT (doc_name, client_id) DO NOTHING`,
		[
			clients.map((x) => x.docName),
			clients.map((x) => x.clientId),
			clients.map((x) => x.userId),
			clients.map((x) => x.boundAt)
		]
	);
}

/** [CL1] The rows renumbered after each document's highest stored seq, in batch order. */
export async function numbered(c: pg.PoolClient, updates: UpdateRow[]): Promise<UpdateRow[]> {
	const docs = [...new Set(updates.map((u) => u.docName))];
	const { rows } = await c.query<{ d: string; top: number }>(
		`SELECT d, greatest(
			coalesce((SELECT max(seq) FROM doc_updates WHERE doc_name = d), 0),
			coalesce((SELECT max(upto_seq) FROM doc_checkpoints WHERE doc_name = d), 0)) AS top
		 FROM unnest($1::text[]) AS d`,
		[docs]
	);
	const next = new Map(rows.map((r) => [r.d, Number(r.top)]));
	return updates.map((u) => {
		const seq = (next.get(u.docName) ?? 0) + 1;
		next.set(u.docName, seq);
		return { ...u, seq };
	});
}

/** [CL1] One announcement per document of a commit: its seqs, bytes when they fit, bindings. */
export function announcements(
	node: string,
	updates: UpdateRow[],
	clients: ClientBinding[]
): string[] {
	const byDoc = new Map<string, RowsMessage>();
	const of = (doc: string) => {
		let m = byDoc.get(doc);
		if (!m) byDoc.set(doc, (m = { kind: 'rows', node, doc }));
		return m;
	};
	for (const u of updates) {
		const m = of(u.docName);
		m.from ??= u.seq;
		m.to = u.seq;
		(m.bytes ??= []).push(u.bytes);
	}
	for (const b of clients) (of(b.docName).clients ??= []).push([b.clientId, b.userId]);
	return [...byDoc.values()].map(rowsPayload);
}

/** All rows of a batch in one statement; a duplicate (docName, seq) fails the transaction (DS4). */
export async function insertUpdates(c: pg.PoolClient, batch: CommitBatch): Promise<void> {
	const u = batch.updates;
	await c.query(
		`INSERT INTO doc_updates (doc_name, seq, created_at, user_id, session_id, client_ids, bytes)
		 SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::text[],
			$6::jsonb[], $7::bytea[])`,
		[
			u.map((r) => r.docName),
			u.map((r) => r.seq),
			u.map((r) => r.createdAt),
			u.map((r) => r.userId),
			u.map((r) => r.sessionId),
			u.map((r) => JSON.stringify(r.clientIds)),
			u.map((r) => r.bytes)
		]
	);
}

/** [DS7] The same (docName, epoch, uptoSeq) again replaces the stored checkpoint. */
export async function upsertCheckpoints(
	c: pg.PoolClient,
	checkpoints: CheckpointRow[]
): Promise<void> {
	// One statement cannot update a row twice: within a batch the last of equal keys wins.
	const byKey = new Map(
		checkpoints.map((x) => [`${x.docName}\u0000${x.epoch}\u0000${x.uptoSeq}`, x])
	);
	const cps = [...byKey.values()];
	await c.query(
		`INSERT INTO doc_checkpoints (doc_name, epoch, upto_seq, created_at, state)
		 SELECT * FROM unnest($1::text[], $2::integer[], $3::bigint[], $4::bigint[], $5::bytea[])
		 ON CONFLICT (doc_name, epoch, upto_seq)
		 DO UPDATE SET created_at = excluded.created_at, state = excluded.state`,
		[
			cps.map((x) => x.docName),
			cps.map((x) => x.epoch),
			cps.map((x) => x.uptoSeq),
			cps.map((x) => x.createdAt),
			cps.map((x) => x.state)
		]
	);
}
