/**
 * [RE1]–[RE5] Records in a real browser: an assessment a peer wrote malformed shows as invalid, is
 * corrected in place and hides nothing else; a saved assessment, contact or safety record is
 * edited after saving (a refused edit keeps its draft), and a second person sees the change.
 *
 * Past 250 lines on purpose: the tests share one family's assessments, their dates chosen together
 * (VALID, BAD, EDITED), and the Node peer that writes what the UI never would serves two of them.
 */
import { expect, test, type APIRequestContext } from './fixtures';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { addAssessment, readAssessments } from '../../src/lib/sync/assessments-doc';
import { assessmentsRoots } from '../../src/lib/sync/doc-schema';
import { MessageType } from '../../src/lib/sync/protocol';
import {
	ANNA,
	DEMO_PASSWORD,
	PIOTR,
	expectNoAxeViolations,
	openFamilyTab,
	signIn,
	userContext
} from './pages/app';
import { formatPl, fromToday, plusDays } from './dates';

// Another family than documents.spec.ts uses, so the suites never see each other's records.
const FAMILY = 'Rodzina Zielińskich';

// Dates relative to today, inside the assessments' window (DB1) in any year: a valid assessment,
// one whose period a peer reverses, and one edited in RE5.
const VALID = { date: fromToday(-280), periodFrom: plusDays(fromToday(-280), -181) };
const BAD = {
	date: fromToday(-211),
	periodFrom: plusDays(fromToday(-211), -181),
	/** After the period's end: each value valid, the period reversed. */
	reversedFrom: plusDays(fromToday(-211), 184)
};
const EDITED = {
	date: fromToday(-326),
	periodFrom: plusDays(fromToday(-326), -184),
	laterFrom: plusDays(fromToday(-326), 76)
};

/** A `ws` socket that sends the session cookie and origin, as y-websocket's polyfill. */
function wsWithHeaders(headers: Record<string, string>): typeof globalThis.WebSocket {
	class WithHeaders extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers });
		}
	}
	return WithHeaders as unknown as typeof globalThis.WebSocket;
}

/**
 * A peer in Node: a real y-websocket client signed in as the assistant on another device, over
 * the e2e server's real sync endpoint. It writes what an old client or a bug could write.
 */
async function peer(request: APIRequestContext, baseURL: string) {
	const session = await request.post('/api/session', {
		data: { email: ANNA, password: DEMO_PASSWORD }
	});
	expect(session.ok()).toBe(true);
	const cookie = (session.headers()['set-cookie'] ?? '').split(';')[0];
	const families = (await (await request.get('/api/families')).json()) as {
		name: string;
		docs: Record<string, { name: string; epoch: number }>;
	}[];
	const family = families.find((f) => f.name === FAMILY);
	const target = family?.docs.assessments;
	if (!target) throw new Error('the assistant has no assessments document');
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(
		baseURL.replace(/^http/, 'ws') + '/sync',
		target.name,
		doc,
		{
			WebSocketPolyfill: wsWithHeaders({ cookie, origin: baseURL }),
			disableBc: true,
			params: { epoch: String(target.epoch) }
		}
	);
	// Our server's own messages (persisted snapshot, notices) are not the peer's concern here.
	provider.messageHandlers[MessageType.persisted] = () => {};
	provider.messageHandlers[MessageType.notice] = () => {};
	await expect.poll(() => provider.synced).toBe(true);
	return { doc, close: () => (provider.destroy(), doc.destroy()) };
}

test('[RE1][RE2][RE3] a malformed assessment from a peer shows as „nieprawidłowa wartość”, is corrected in place, and hides nothing else', async ({
	page,
	request,
	baseURL
}) => {
	const remote = await peer(request, baseURL ?? '');
	const valid = addAssessment(remote.doc, {
		date: VALID.date,
		periodFrom: VALID.periodFrom,
		periodTo: VALID.date,
		goals: {},
		cooperation: 'dobra',
		recommendation: 'kontynuacja',
		recipients: ['kierownik jednostki']
	});
	// [RM17] The server refuses a record that does not parse, and checks changed fields one by one;
	// what still gets through is a cross-field break: each value valid, the period reversed.
	const old = 'ocena-od-starego-klienta';
	remote.doc.transact(() => {
		const bad = new Y.Map<unknown>();
		const fields = {
			id: old,
			date: BAD.date,
			periodFrom: BAD.periodFrom,
			periodTo: BAD.date,
			goals: {},
			cooperation: 'dobra',
			recommendation: 'kontynuacja',
			recipients: ['sąd rodzinny']
		};
		for (const [k, v] of Object.entries(fields)) bad.set(k, v);
		assessmentsRoots(remote.doc).assessments.push([bad]);
	});
	remote.doc.transact(() => {
		const rec = assessmentsRoots(remote.doc)
			.assessments.toArray()
			.find((r) => r.get('id') === old);
		rec?.set('periodFrom', BAD.reversedFrom);
	});
	await signIn(page, ANNA);
	await openFamilyTab(page, FAMILY, 'Oceny i sąd');
	const bad = page.getByTestId('invalid-item');
	await expect(bad).toContainText('nieprawidłowa wartość');
	await expect(bad).toContainText(BAD.reversedFrom);
	// The rest of the file stays: the valid assessment, the forms and the court section.
	// (Other specs may add their own assessments to this family: the valid one is found by its date.)
	await expect(
		page.getByTestId('assessment').filter({ hasText: formatPl(VALID.date) })
	).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Nowa ocena' })).toBeVisible();

	await bad.getByRole('button', { name: 'Popraw wartość' }).click();
	const raw = bad.getByLabel('Surowa wartość (JSON) do poprawienia');
	await expect(raw).toHaveValue(new RegExp(`"periodFrom": "${BAD.reversedFrom}"`));

	// RE2: still invalid → a Polish message names the field; the typed text stays, nothing stored.
	const stillWrong = (await raw.inputValue()).replace(
		`"${BAD.reversedFrom}"`,
		`"${BAD.periodFrom}x"`
	);
	await raw.fill(stillWrong);
	await bad.getByRole('button', { name: 'Zapisz poprawioną wartość' }).click();
	await expect(bad.getByRole('alert')).toContainText('pole „periodFrom”');
	await expect(raw).toHaveValue(stillWrong);
	await expectNoAxeViolations(page);
	expect(readAssessments(remote.doc).invalid).toHaveLength(1);

	await raw.fill(stillWrong.replace(`${BAD.periodFrom}x`, BAD.periodFrom));
	await bad.getByRole('button', { name: 'Zapisz poprawioną wartość' }).click();
	await expect(page.getByTestId('invalid-item')).toHaveCount(0);
	await expect(page.getByTestId('assessment').filter({ hasText: formatPl(BAD.date) })).toHaveCount(
		1
	);
	await expect(
		page.getByTestId('assessment').filter({ hasText: formatPl(VALID.date) })
	).toHaveCount(1);

	// The peer receives the correction: same id, same place in the list.
	await expect.poll(() => readAssessments(remote.doc).assessments.map((a) => a.id)).toContain(old);
	expect(readAssessments(remote.doc).invalid).toEqual([]);
	const ids = assessmentsRoots(remote.doc)
		.assessments.toArray()
		.map((m) => m.get('id'));
	expect(ids.indexOf(old)).toBe(ids.indexOf(valid) + 1);
	remote.close();
});

test('[RE5] an assessment’s recommendation is changed after saving; a second person sees it and gets no inputs', async ({
	page,
	browser,
	request,
	baseURL
}) => {
	const remote = await peer(request, baseURL ?? '');
	addAssessment(remote.doc, {
		date: EDITED.date,
		periodFrom: EDITED.periodFrom,
		periodTo: EDITED.date,
		goals: {},
		cooperation: 'czesciowa',
		recommendation: 'kontynuacja',
		recipients: []
	});
	remote.close();
	await signIn(page, ANNA);
	await openFamilyTab(page, FAMILY, 'Oceny i sąd');
	const record = page.getByTestId('assessment').filter({ hasText: formatPl(EDITED.date) });
	const head = record
		.getByRole('button', { name: new RegExp(formatPl(EDITED.date).replaceAll('.', '\\.')) })
		.first();
	await head.click();
	await record.getByRole('button', { name: 'Edytuj dane' }).click();

	// A refused edit keeps the draft and stores nothing.
	const periodFrom = record.getByLabel('Okres od');
	await periodFrom.fill(EDITED.laterFrom);
	await record.getByLabel('Rekomendacja').selectOption({ label: 'poinformować sąd' });
	await record.getByRole('button', { name: 'Zapisz zmiany' }).click();
	await expect(record.getByText('Początek okresu musi być przed jego końcem.')).toBeVisible();
	await expect(record.getByLabel('Rekomendacja')).toHaveValue('informacja_sad');
	await expectNoAxeViolations(page);
	await expect(head).toContainText('kontynuować pracę według planu');

	await periodFrom.fill(EDITED.periodFrom);
	await record.getByRole('button', { name: 'Zapisz zmiany' }).click();
	await expect(record.getByText('Zmiany zapisane.')).toBeVisible();
	await expect(head).toContainText('poinformować sąd');

	// The social worker reads assessments: the change arrives, with values but no edit frame.
	const piotr = await userContext(browser, PIOTR);
	await openFamilyTab(piotr.page, FAMILY, 'Oceny i sąd');
	const seen = piotr.page.getByTestId('assessment').filter({ hasText: formatPl(EDITED.date) });
	await expect(seen).toContainText('poinformować sąd');
	await seen
		.getByRole('button', { name: new RegExp(formatPl(EDITED.date).replaceAll('.', '\\.')) })
		.first()
		.click();
	await expect(seen.getByText('Rekomendacja')).toBeVisible();
	await expect(seen.getByRole('button', { name: 'Edytuj dane' })).toHaveCount(0);
	await expect(seen.getByRole('combobox')).toHaveCount(0);
	await piotr.context.close();
});

test('[RE5] a saved contact and a saved safety record are edited in the same frame; a refused edit keeps the draft', async ({
	page
}) => {
	await signIn(page, ANNA);
	await openFamilyTab(page, FAMILY, 'Kontakty i bezpieczeństwo');
	await page
		.getByRole('textbox', { name: 'Instytucja', exact: true })
		.fill('Poradnia Psychologiczno-Pedagogiczna');
	await page.getByRole('button', { name: 'Zapisz kontakt' }).click();
	const contact = page
		.getByTestId('contact-record')
		.filter({ hasText: 'Poradnia Psychologiczno-Pedagogiczna' });
	await contact.getByRole('button', { name: 'Edytuj dane' }).click();
	const institution = contact.getByRole('textbox', { name: 'Instytucja', exact: true });
	await institution.fill(' ');
	await contact.getByLabel('Znak pisma').fill('PPP.12.2026');
	await contact.getByRole('button', { name: 'Zapisz zmiany' }).click();
	await expect(contact.getByText('Podaj instytucję (najwyżej 200 znaków).')).toBeVisible();
	await expect(contact.getByLabel('Znak pisma')).toHaveValue('PPP.12.2026');
	await expectNoAxeViolations(page);
	await institution.fill('Poradnia PP nr 2');
	await contact.getByRole('button', { name: 'Zapisz zmiany' }).click();
	const edited = page.getByTestId('contact-record').filter({ hasText: 'Poradnia PP nr 2' });
	await expect(edited).toContainText('Znak pisma: PPP.12.2026');
	await expect(edited.getByText('Zmiany zapisane.')).toBeVisible();

	await page.getByRole('radio', { name: /^Nie/ }).check();
	await page.getByLabel('Godzina', { exact: true }).fill('07:40');
	await page.getByRole('button', { name: 'Zapisz zdarzenie' }).click();
	const record = page.getByTestId('safety-record').filter({ hasText: 'godz. 07:40' });
	await record.getByRole('button', { name: 'Edytuj dane' }).click();
	await record.getByLabel('Godzina (gg:mm)').fill('08:15');
	await record.getByRole('checkbox', { name: 'wezwano policję' }).check();
	await record.getByRole('button', { name: 'Zapisz zmiany' }).click();
	const moved = page.getByTestId('safety-record').filter({ hasText: 'godz. 08:15' });
	await expect(moved).toContainText('wezwano policję');
	await expect(moved).toHaveAttribute('data-compartment', 'visits');
});
