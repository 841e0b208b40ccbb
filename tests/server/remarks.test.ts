import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { commentsDocName } from '../../src/lib/domain/compartments.js';
import { grantAccess } from '../../src/lib/server/families.js';
import { addRemark, readRemarks } from '../../src/lib/sync/comments-doc.js';
import { commentsRoots } from '../../src/lib/sync/doc-schema.js';
import { MessageType } from '../../src/lib/sync/protocol.js';
import { connectClient, rawSocket, sessionCookie, startServer, waitFor } from './helpers.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';

let s: Awaited<ReturnType<typeof startServer>>;
beforeEach(async () => {
	s = await startServer();
	// The seed's reader becomes a commenter of the plan (as the kurator is in the demo).
	await grantAccess(sqliteSqlOf(s.app.db), {
		familyId: s.seed.familyId,
		userId: s.seed.reader,
		role: 'comment',
		compartments: ['plan'],
		grantedBy: s.seed.editor,
		reason: 'test'
	});
});
afterEach(() => s.close());

const docName = () => commentsDocName(s.seed.familyId, 'plan');
const client = (userId: string) =>
	connectClient({
		wsUrl: s.wsUrl,
		docName: docName(),
		headers: { Cookie: sessionCookie(s.app.db, userId).cookie }
	});
const storedRows = () =>
	(
		s.app.db.prepare('SELECT count(*) AS n FROM doc_updates WHERE doc_name = ?').get(docName()) as {
			n: number;
		}
	).n;
/** A remark stamped as the session knows its writer (name and staff role from the database). */
const remark = (authorId: string, text: string) => {
	const u = s.app.db.prepare('SELECT name, role FROM users WHERE id = ?').get(authorId) as {
		name: string;
		role: string;
	};
	return { itemId: 'dzialanie-1', text, authorId, authorName: u.name, authorRole: u.role };
};

describe('[RM15] comments documents: remarks are appended in the writer’s own name', () => {
	it('[RM15][AC6] a commenter’s own remark is stored and reaches the assistant', async () => {
		const kurator = client(s.seed.reader);
		const assistant = client(s.seed.editor);
		await waitFor(() => kurator.provider.synced && assistant.provider.synced);
		expect(addRemark(kurator.doc, remark(s.seed.reader, 'Proszę o termin.')).ok).toBe(true);
		await waitFor(() => readRemarks(assistant.doc).remarks.length === 1);
		await waitFor(() => storedRows() === 1);
		expect(kurator.notices).toEqual([]);
		kurator.destroy();
		assistant.destroy();
	});

	it('[RM15] deleting or rewriting someone else’s remark, or signing as someone else, is refused and never stored', async () => {
		const assistant = client(s.seed.editor);
		await waitFor(() => assistant.provider.synced);
		addRemark(assistant.doc, remark(s.seed.editor, 'Uwaga asystentki.'));
		await waitFor(() => storedRows() === 1);

		const kurator = client(s.seed.reader);
		await waitFor(() => kurator.provider.synced && readRemarks(kurator.doc).remarks.length === 1);
		// Rewrite: delete the assistant's remark and put a changed copy in its place.
		kurator.doc.transact(() => {
			const arr = commentsRoots(kurator.doc).remarks;
			const [old] = readRemarks(kurator.doc).remarks;
			arr.delete(0, 1);
			arr.insert(0, [{ ...old, text: 'Zmienione przez kogoś innego.' }]);
		});
		await waitFor(() => kurator.notices.length > 0);
		expect(kurator.notices).toEqual([{ type: 'write-refused', reason: 'deletes' }]);

		// Signing a new remark with the assistant's id.
		const forger = client(s.seed.reader);
		await waitFor(() => forger.provider.synced);
		addRemark(forger.doc, remark(s.seed.editor, 'Podpisane cudzym imieniem.'));
		await waitFor(() => forger.notices.length > 0);
		expect(forger.notices).toEqual([{ type: 'write-refused', reason: 'foreign-author' }]);

		// Writing anything outside the remarks array.
		const outsider = client(s.seed.reader);
		await waitFor(() => outsider.provider.synced);
		outsider.doc.getMap('inne').set('x', 1);
		await waitFor(() => outsider.notices.length > 0);
		expect(outsider.notices).toEqual([{ type: 'write-refused', reason: 'unknown-root' }]);

		// A fresh reader sees exactly the assistant's remark, and only one row was ever stored.
		const check = client(s.seed.editor);
		await waitFor(() => check.provider.synced);
		expect(readRemarks(check.doc).remarks.map((r) => r.text)).toEqual(['Uwaga asystentki.']);
		expect(storedRows()).toBe(1);
		for (const c of [assistant, kurator, forger, outsider, check]) c.destroy();
	});

	it('[RM15] a value that is not a remark is refused', async () => {
		const kurator = client(s.seed.reader);
		await waitFor(() => kurator.provider.synced);
		commentsRoots(kurator.doc).remarks.push([{ text: 'bez autora' }]);
		await waitFor(() => kurator.notices.length > 0);
		expect(kurator.notices).toEqual([{ type: 'write-refused', reason: 'invalid-value' }]);
		expect(storedRows()).toBe(0);
		kurator.destroy();
	});

	it('[RM15][RM17] an update that waits on changes the server never received is not parked: the server asks for them', async () => {
		// A remark whose left neighbour (the same client's first remark) is missing on the server.
		const local = new Y.Doc();
		addRemark(local, remark(s.seed.reader, 'pierwsza'));
		const afterFirst = Y.encodeStateVector(local);
		addRemark(local, remark(s.seed.reader, 'druga'));
		const onlySecond = Y.encodeStateAsUpdate(local, afterFirst);
		const frame = encoding.createEncoder();
		encoding.writeVarUint(frame, MessageType.sync);
		syncProtocol.writeUpdate(frame, onlySecond);
		const raw = rawSocket(`${s.wsUrl}/${docName()}`, {
			Cookie: sessionCookie(s.app.db, s.seed.reader).cookie
		});
		await raw.opened;
		const stepOnes = () =>
			raw.frames.filter(
				(f) => f[0] === MessageType.sync && f[1] === syncProtocol.messageYjsSyncStep1
			).length;
		await waitFor(() => stepOnes() === 1, 5000, 'greeting');
		raw.ws.send(encoding.toUint8Array(frame));
		// Not parked and not stored: the server answers with its state vector instead, so an
		// honest client sends what is missing (RM17).
		await waitFor(() => stepOnes() === 2, 5000, 'state vector asked again');
		expect(storedRows()).toBe(0);
		expect(raw.frames.some((f) => f[0] === MessageType.notice)).toBe(false);
		const whole = encoding.createEncoder();
		encoding.writeVarUint(whole, MessageType.sync);
		syncProtocol.writeUpdate(whole, Y.encodeStateAsUpdate(local));
		raw.ws.send(encoding.toUint8Array(whole));
		await waitFor(() => storedRows() === 1, 5000, 'both remarks stored');
		raw.ws.close();
	});
});
