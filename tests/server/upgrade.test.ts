import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/sync/protocol.js';
import { connectClient, rawSocket, sessionCookie, startServer, waitFor } from './helpers.js';

let s: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
	s = await startServer();
});
afterAll(() => s.close());

const auditCount = (action: string) =>
	(
		s.app.db.prepare('SELECT count(*) AS n FROM audit_log WHERE action = ?').get(action) as {
			n: number;
		}
	).n;

describe('refusals at the upgrade', () => {
	it('[UP1] without a cookie the socket closes 4401 and receives no document byte', async () => {
		const raw = rawSocket(`${s.wsUrl}/${s.seed.docName}`, {});
		expect((await raw.closed).code).toBe(CloseCode.unauthorized);
		expect(raw.frames).toEqual([]);
	});

	it('[UP1] a forged cookie is the same as none: 4401', async () => {
		const raw = rawSocket(`${s.wsUrl}/${s.seed.docName}`, {
			Cookie: 'asysta_session=abcdefghijklmnopqrstuvwxyz'
		});
		expect((await raw.closed).code).toBe(CloseCode.unauthorized);
		expect(raw.frames).toEqual([]);
	});

	it('[UP2] a signed-in user without a grant gets 4403 and the provider stops', async () => {
		const { cookie } = sessionCookie(s.app.db, s.seed.stranger);
		const c = connectClient({
			wsUrl: s.wsUrl,
			docName: s.seed.docName,
			headers: { Cookie: cookie }
		});
		await waitFor(() => c.closes.length > 0, 5000, 'closed event');
		expect(c.closes[0].code).toBe(CloseCode.forbidden);
		expect(c.provider.synced).toBe(false);
		c.destroy();
	});

	it('[UP3] an unknown document or an invalid name gets 4404', async () => {
		const { cookie } = sessionCookie(s.app.db, s.seed.editor);
		for (const name of ['rodzina-nope-plan', '%E0%A4%A', 'a%2Fb']) {
			const raw = rawSocket(`${s.wsUrl}/${name}`, { Cookie: cookie });
			expect((await raw.closed).code, name).toBe(CloseCode.unknownDocument);
			expect(raw.frames).toEqual([]);
		}
	});

	it('[UP4] a foreign Origin gets 4403 even with a valid session; a missing one is a script', async () => {
		const { cookie } = sessionCookie(s.app.db, s.seed.editor);
		const foreign = rawSocket(`${s.wsUrl}/${s.seed.docName}`, {
			Cookie: cookie,
			Origin: 'https://evil.example'
		});
		expect((await foreign.closed).code).toBe(CloseCode.forbidden);
		expect(foreign.frames).toEqual([]);
		for (const headers of [{ Cookie: cookie, Origin: s.origin }, { Cookie: cookie }] as Record<
			string,
			string
		>[]) {
			const ok = connectClient({ wsUrl: s.wsUrl, docName: s.seed.docName, headers });
			await waitFor(() => ok.provider.synced, 5000, 'sync');
			ok.destroy();
		}
	});

	it('[UP5] a stale epoch parameter gets 4409', async () => {
		const { cookie } = sessionCookie(s.app.db, s.seed.editor);
		const raw = rawSocket(`${s.wsUrl}/${s.seed.docName}?epoch=7`, { Cookie: cookie });
		expect((await raw.closed).code).toBe(CloseCode.staleEpoch);
	});

	it('[UP6] opening is audited; refusals as one row per address and window, with the count', async () => {
		// Its own openings and refusals, so it passes alone and in any order (counts are deltas).
		await s.app.flushRefusals();
		const opens = auditCount('open');
		const refusedRows = auditCount('refused');
		const { cookie } = sessionCookie(s.app.db, s.seed.editor);
		const ok = connectClient({
			wsUrl: s.wsUrl,
			docName: s.seed.docName,
			headers: { Cookie: cookie }
		});
		await waitFor(() => ok.provider.synced, 5000, 'sync');
		ok.destroy();
		for (let i = 0; i < 6; i++) {
			const raw = rawSocket(`${s.wsUrl}/${s.seed.docName}`, {});
			expect((await raw.closed).code).toBe(CloseCode.unauthorized);
		}
		expect(auditCount('open')).toBe(opens + 1);
		await s.app.flushRefusals();
		const rows = s.app.db
			.prepare("SELECT detail FROM audit_log WHERE action = 'refused' ORDER BY rowid")
			.all() as { detail: string }[];
		expect(rows).toHaveLength(refusedRows + 1);
		expect(JSON.parse(rows.at(-1)!.detail).count).toBe(6);
	});
});
