import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendCaseEvent } from '../../src/lib/sync/core-doc.js';
import { familyDocName } from '../../src/lib/domain/compartments.js';
import { eventReceipts, readProjection } from '../../src/lib/server/case-projection.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';
import { addAssessment } from '../../src/lib/sync/assessments-doc.js';
import * as Y from 'yjs';
import { connectClient, covered, sessionCookie, startServer, waitFor } from './helpers.js';

let s: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
	s = await startServer();
});
afterAll(() => s.close());

const stateOf = () =>
	s.app.db
		.prepare('SELECT case_state, case_projection FROM families WHERE id = ?')
		.get(s.seed.familyId) as {
		case_state: string;
		case_projection: string;
	};

describe('case projection', () => {
	it('[RM14][CS4] a committed case event in the core document reaches families.case_state', async () => {
		const { cookie } = sessionCookie(s.app.db, s.seed.editor);
		const c = connectClient({
			wsUrl: s.wsUrl,
			docName: familyDocName(s.seed.familyId, 'core'),
			headers: { Cookie: cookie }
		});
		await waitFor(() => c.provider.synced);
		const base = {
			at: new Date().toISOString(),
			actorId: s.seed.editor,
			actorRole: 'asystent',
			online: true
		};
		// [RM18] The assistant may start a case taken over from intake (CE5); ZGLOSZENIE → WYWIAD
		// is the social worker's step and would be refused.
		appendCaseEvent(c.doc, {
			...base,
			id: 'e1',
			type: 'przyjecie',
			to: 'PRZYDZIELONA',
			refs: { pomostId: '', signalDate: '', letterNo: '' }
		});
		appendCaseEvent(c.doc, {
			...base,
			id: 'e2',
			type: 'zgoda',
			kind: 'pisemna',
			date: '2025-03-01',
			signatories: []
		});
		await waitFor(() => stateOf().case_state === 'PRZYDZIELONA', 5000, 'projected state');
		expect(JSON.parse(stateOf().case_projection)).toMatchObject({ consentDate: '2025-03-01' });
		c.destroy();
	});

	it('[CE6] the server records once when it first held each case event, after the commit', async () => {
		const { cookie } = sessionCookie(s.app.db, s.seed.editor);
		const c = connectClient({
			wsUrl: s.wsUrl,
			docName: familyDocName(s.seed.familyId, 'core'),
			headers: { Cookie: cookie }
		});
		await waitFor(() => c.provider.synced);
		const receipts = () => eventReceipts(sqliteSqlOf(s.app.db), s.seed.familyId);
		const before = Date.now();
		appendCaseEvent(c.doc, {
			// A device clock two months off (within DB4's bounds): the receipt must not take it.
			at: new Date(Date.now() - 60 * 86_400_000).toISOString(),
			actorId: s.seed.editor,
			actorRole: 'asystent',
			online: false,
			id: 'r1',
			type: 'wycofanie_zgody',
			date: '2025-03-02'
		});
		await waitFor(async () => (await receipts()).r1 !== undefined, 5000, 'receipt of r1');
		const first = (await receipts()).r1;
		expect(first).toBeGreaterThanOrEqual(before);
		// Later commits re-project the document but never move an existing receipt.
		appendCaseEvent(c.doc, {
			at: new Date().toISOString(),
			actorId: s.seed.editor,
			actorRole: 'asystent',
			online: true,
			id: 'r2',
			type: 'wycofanie_zgody',
			date: '2025-03-03'
		});
		await waitFor(async () => (await receipts()).r2 !== undefined, 5000, 'receipt of r2');
		expect((await receipts()).r1).toBe(first);
		expect((await receipts()).r2).toBeGreaterThanOrEqual(first);
		c.destroy();
	});

	it('[RM14] writes to other documents never touch the projection', async () => {
		const before = stateOf();
		const { cookie } = sessionCookie(s.app.db, s.seed.editor);
		const c = connectClient({
			wsUrl: s.wsUrl,
			docName: s.seed.docName,
			headers: { Cookie: cookie }
		});
		await waitFor(() => c.provider.synced);
		c.doc.getMap('x').set('y', 1);
		// Stored, and any projection it scheduled run now rather than after the debounce.
		await waitFor(
			() => c.persisted.length > 0 && covered(c.persisted.at(-1)!, Y.encodeStateAsUpdate(c.doc))
		);
		await s.app.rooms.flushProjections();
		expect(stateOf()).toEqual(before);
		c.destroy();
	});

	it('[CS5][HV1] the latest periodic assessment is projected from the assessments document, beside the core’s fields', async () => {
		const { cookie } = sessionCookie(s.app.db, s.seed.editor);
		const c = connectClient({
			wsUrl: s.wsUrl,
			docName: familyDocName(s.seed.familyId, 'assessments'),
			headers: { Cookie: cookie }
		});
		await waitFor(() => c.provider.synced);
		const assessment = (date: string) => ({
			date,
			periodFrom: '2025-01-01',
			periodTo: date,
			goals: {},
			cooperation: 'dobra' as const,
			recommendation: 'kontynuacja' as const,
			recipients: []
		});
		const projection = () => readProjection(stateOf().case_projection);
		const before = projection();
		addAssessment(c.doc, assessment('2025-09-01'));
		addAssessment(c.doc, assessment('2025-06-01'));
		await waitFor(() => projection().lastAssessment === '2025-09-01', 5000, 'last assessment');
		// The core document's fields, projected earlier, are untouched.
		expect({ ...projection(), lastAssessment: before.lastAssessment }).toEqual(before);
		c.destroy();

		// A later core projection keeps the assessment date.
		const core = connectClient({
			wsUrl: s.wsUrl,
			docName: familyDocName(s.seed.familyId, 'core'),
			headers: { Cookie: cookie }
		});
		await waitFor(() => core.provider.synced);
		appendCaseEvent(core.doc, {
			at: new Date().toISOString(),
			actorId: s.seed.editor,
			actorRole: 'asystent',
			online: true,
			id: 'a1',
			type: 'zgoda',
			kind: 'pisemna',
			date: '2025-04-01',
			signatories: []
		});
		await waitFor(() => projection().consentDate === '2025-04-01', 5000, 'core projection');
		expect(projection().lastAssessment).toBe('2025-09-01');
		core.destroy();
	});
});
