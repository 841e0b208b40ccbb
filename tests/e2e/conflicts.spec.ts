/**
 * [CF1]–[CF7][SY10][SY11] The scene of issue 11 in two browsers: the assistant offline and the social
 * worker online replace the same action's owner, action text, expected effect and deadline. After
 * the assistant reconnects both see a marker per field with both values and names and no
 * interleaved text; she keeps her owner and his deadline; the markers clear on both; the plan's
 * history holds every change.
 */
import { expect, test, type Page } from './fixtures';
import { fromToday } from './dates';
import { ANNA, PIOTR, expectSaved, openFamily, syncIndicator, userContext } from './pages/app';

const FAMILY = 'Rodzina Zielińskich';

const A = {
	responsible: 'Matka (ustalone z Anną)',
	description: 'Wizyta w MOPS przełożona na 10.12 (ANNA offline)',
	expectedEffect: 'Dodatek przyznany (ANNA offline)',
	deadline: fromToday(20)
};
const B = {
	responsible: 'Ojciec (ustalone z Piotrem)',
	description: 'Wizyta w MOPS: dodatek mieszkaniowy (PIOTR online)',
	expectedEffect: 'Decyzja o dodatku wydana (PIOTR online)',
	deadline: fromToday(25)
};
const LABEL = {
	responsible: 'Osoba odpowiedzialna',
	description: 'Opis działania',
	expectedEffect: 'Przewidywany efekt',
	deadline: 'Termin realizacji'
} as const;
type Field = keyof typeof LABEL;

const action = (page: Page) => page.getByTestId('action').first();
const cell = (page: Page, f: Field) =>
	action(page)
		.locator('.cell')
		.filter({ has: page.getByLabel(LABEL[f], { exact: true }) });

type HistoryEntry = {
	seq: number | null;
	userName: string | null;
	changes: { part: string; id: string; fields: string[]; overwritten?: string[] }[];
};

/** The plan's history as the API gives it (newest first). */
async function planHistory(page: Page, familyId: string): Promise<HistoryEntry[]> {
	const res = await page.request.get(`/api/families/${familyId}/history/plan?limit=1000`);
	expect(res.ok()).toBe(true);
	return (await res.json()).entries as HistoryEntry[];
}

async function replace(page: Page, values: typeof A) {
	for (const f of ['responsible', 'description', 'expectedEffect', 'deadline'] as const) {
		const field = action(page).getByLabel(LABEL[f], { exact: true });
		await field.fill(values[f]);
		await field.blur();
	}
}

test('[CF1][CF6][CF7][SY10] offline and online replace the same action: markers with both values and names, keep one each, cleared on both, history keeps all', async ({
	browser
}) => {
	const anna = await userContext(browser, ANNA);
	const piotr = await userContext(browser, PIOTR);
	await openFamily(anna.page, FAMILY);
	const url = new URL(anna.page.url());
	await piotr.page.goto(url.pathname + url.search);
	await expect(action(piotr.page)).toBeVisible();
	await expectSaved(anna.page);
	await expectSaved(piotr.page);
	// The history before the scene: only what is written from here on counts below.
	const familyId = url.searchParams.get('id') ?? '';
	const actionId = await action(anna.page).getAttribute('data-action-id');
	expect(actionId).toBeTruthy();
	const baseSeq = Math.max(0, ...(await planHistory(anna.page, familyId)).map((e) => e.seq ?? 0));

	await anna.context.setOffline(true);
	await expect(syncIndicator(anna.page)).toHaveAttribute('data-sync-state', 'offline');
	await replace(anna.page, A);
	await replace(piotr.page, B);
	await expectSaved(piotr.page);
	await expect(syncIndicator(anna.page)).toContainText(/offline — \d+ zmia/);

	await anna.context.setOffline(false);
	await expectSaved(anna.page);

	for (const page of [anna.page, piotr.page]) {
		for (const f of ['responsible', 'description', 'expectedEffect', 'deadline'] as const) {
			const marker = cell(page, f).getByTestId('conflict');
			await expect(marker).toBeVisible({ timeout: 15_000 });
			const values = marker.getByTestId('conflict-value');
			await expect(values).toHaveCount(2);
			await expect(values.filter({ hasText: A[f] })).toContainText('Anna Nowicka');
			await expect(values.filter({ hasText: B[f] })).toContainText('Piotr Wiśniewski');
			await expect(marker.getByText('obowiązuje')).toHaveCount(1);
			// Never an interleaving: the field holds one of the two values, whole.
			const value = await action(page).getByLabel(LABEL[f], { exact: true }).inputValue();
			expect([A[f], B[f]]).toContain(value);
		}
	}

	// Anna keeps her owner and Piotr's deadline; the other two stand as they are.
	const settle = async (f: Field, keep: string) => {
		const marker = cell(anna.page, f).getByTestId('conflict');
		const keepButton = marker.getByRole('button', { name: `Zachowaj tę wartość: ${keep}` });
		if (await keepButton.isVisible()) await keepButton.click();
		else await marker.getByRole('button', { name: /Potwierdzam/ }).click();
		await expect(marker).toHaveCount(0);
	};
	await settle('responsible', A.responsible);
	await settle('deadline', B.deadline);
	for (const f of ['description', 'expectedEffect'] as const) {
		await cell(anna.page, f)
			.getByTestId('conflict')
			.getByRole('button', { name: /Potwierdzam/ })
			.click();
	}
	for (const page of [anna.page, piotr.page]) {
		await expect(action(page).getByTestId('conflict')).toHaveCount(0);
		await expect(action(page).getByLabel(LABEL.responsible, { exact: true })).toHaveValue(
			A.responsible
		);
		await expect(action(page).getByLabel(LABEL.deadline, { exact: true })).toHaveValue(B.deadline);
	}
	await expectSaved(anna.page);

	// The plan's history holds every change made in the scene: each of the four fields of this
	// action, by Anna (offline, kept or lost at once) and by Piotr, as entries after the scene began.
	const entries = (await planHistory(anna.page, familyId)).filter((e) => (e.seq ?? 0) > baseSeq);
	const wrote = (name: string, f: Field) =>
		entries.some(
			(e) =>
				e.userName === name &&
				e.changes.some(
					(c) =>
						c.part === 'actions' &&
						c.id === actionId &&
						[...c.fields, ...(c.overwritten ?? [])].includes(f)
				)
		);
	for (const name of ['Anna Nowicka', 'Piotr Wiśniewski'])
		for (const f of ['responsible', 'description', 'expectedEffect', 'deadline'] as const)
			expect(wrote(name, f), `${name}'s ${f} in the plan's history`).toBe(true);
	// Nothing open for the family any more.
	const open = await piotr.page.request.get(`/api/families/${familyId}/conflicts`);
	expect((await open.json()).conflicts).toEqual([]);

	await anna.context.close();
	await piotr.context.close();
});

const notes = (page: Page) => page.locator('#plan-notes');
const notesMarker = (page: Page) =>
	page.locator('section[aria-labelledby="notes-title"]').getByTestId('narrative-conflict');

async function typeAtNotesEnd(page: Page, text: string) {
	await notes(page).click();
	await page.keyboard.press('Control+End');
	await page.keyboard.type(text);
}

test('[NC1][NC2] the plan’s notes: a line written offline into a line changed meanwhile is merged, marked beside the notes with both authors and each side’s version, cleared on both when read', async ({
	browser
}) => {
	const anna = await userContext(browser, ANNA);
	const piotr = await userContext(browser, PIOTR);
	await openFamily(anna.page, FAMILY);
	const url = new URL(anna.page.url());
	await piotr.page.goto(url.pathname + url.search);
	const line = `Ustalenia ${Date.now() % 100_000}:`;
	const aText = ' matka szuka pracy.';
	const bText = ' ojciec w terapii.';
	await typeAtNotesEnd(anna.page, `\n${line}`);
	await expect(notes(piotr.page)).toHaveValue(new RegExp(`${line}$`));
	await expectSaved(anna.page);
	await expectSaved(piotr.page);

	await anna.context.setOffline(true);
	await expect(syncIndicator(anna.page)).toHaveAttribute('data-sync-state', 'offline');
	await typeAtNotesEnd(anna.page, aText);
	await typeAtNotesEnd(piotr.page, bText);
	await expectSaved(piotr.page);
	await anna.context.setOffline(false);
	await expectSaved(anna.page);

	for (const page of [anna.page, piotr.page]) {
		// Merged character by character: both halves stand on the line.
		await expect(notes(page)).toHaveValue(new RegExp(aText.trim()), { timeout: 15_000 });
		await expect(notes(page)).toHaveValue(new RegExp(bText.trim()));
		const marker = notesMarker(page);
		await expect(marker).toHaveCount(1, { timeout: 15_000 });
		await expect(marker.getByTestId('narrative-authors')).toContainText(
			'Anna Nowicka (bez sieci) oraz Piotr Wiśniewski'
		);
		await marker.getByText('Pokaż obie wersje').click();
		await expect(marker.getByTestId('narrative-mine')).toHaveText(line + aText);
		await expect(marker.getByTestId('narrative-theirs')).toHaveText(line + bText);
		await expect(marker.getByTestId('narrative-merged')).toContainText(aText.trim());
		await expect(marker.getByTestId('narrative-merged')).toContainText(bText.trim());
	}

	await notesMarker(piotr.page).getByRole('button', { name: 'Przeczytane' }).click();
	for (const page of [anna.page, piotr.page]) await expect(notesMarker(page)).toHaveCount(0);
	await anna.context.close();
	await piotr.context.close();
});
