/**
 * [NC1][NC2] Issue 11's narrative scene on "Oceny i sąd": a periodic assessment's narrative written
 * offline into a passage someone else changed meanwhile, in two browsers. Merged character by
 * character, and marked beside that very field with both authors and each side's version until
 * someone who may edit has read it; reading clears it on both.
 */
import { expect, test, type Page } from './fixtures';
import {
	ANNA,
	expectSaved,
	openFamilyTab,
	richText,
	syncIndicator,
	userContext
} from './pages/app';

const FAMILY = 'Rodzina Zielińskich';
/** A second assistant of the centre (OPS staff: another institution's person gets no edit, ST2). */
const BEATA = 'beata.asystent@demo.local';
const FIELD = 'finanse';
const START = 'Rodzina spłaca czynsz.';
const A_TEXT = ' Zadłużenie spada.';
const B_TEXT = ' Dług w MOPS umorzony.';

/** Today plus `days` in Poland's calendar: ISO for date inputs, dd.mm.rrrr as the UI shows it. */
function day(days: number): { iso: string; pl: string } {
	const iso = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw' }).format(new Date());
	const d = new Date(`${iso}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	const out = d.toISOString().slice(0, 10);
	const [y, m, dd] = out.split('-');
	return { iso: out, pl: `${dd}.${m}.${y}` };
}
const FROM = day(-97);
const TO = day(-3);

/** This scene's assessment (its period is its own), opened. */
async function openAssessment(page: Page) {
	const record = page
		.getByTestId('assessment')
		.filter({ hasText: `okres ${FROM.pl}–${TO.pl}` })
		.first();
	const head = record.getByRole('button').first();
	if ((await head.getAttribute('aria-expanded')) !== 'true') await head.click();
	await expect(richText(page, FIELD)).toBeVisible();
	return record;
}

/** The narrative's box together with the marker beside it. */
const fieldBox = (page: Page) =>
	page.locator('.record-text').filter({ has: page.locator(`[data-field="${FIELD}"]`) });

async function typeAtEnd(page: Page, text: string) {
	const field = richText(page, FIELD);
	await field.click();
	await page.keyboard.press('Control+End');
	await page.keyboard.type(text);
}

test('[NC1][NC2] an assessment’s narrative written offline into a passage changed meanwhile: merged, marked beside the field with both authors and each side’s version, cleared on both when read', async ({
	browser
}) => {
	const anna = await userContext(browser, ANNA);
	await openFamilyTab(anna.page, FAMILY, 'Oceny i sąd');
	await anna.page.getByLabel('Okres od').fill(FROM.iso);
	await anna.page.getByLabel('Okres do').fill(TO.iso);
	await anna.page.getByLabel(/^Cel 1/).selectOption({ index: 1 });
	await anna.page.getByRole('button', { name: 'Zapisz ocenę' }).click();
	await openAssessment(anna.page);
	const url = new URL(anna.page.url());
	const familyId = url.searchParams.get('id') ?? '';
	// A colleague writes the assessment with Anna (a grant she gives through the API).
	const grant = await anna.page.request.post(`/api/families/${familyId}/grants`, {
		data: {
			user: BEATA,
			role: 'edit',
			compartments: ['assessments'],
			reason: 'wspólna ocena okresowa (test konfliktów)'
		}
	});
	expect(grant.status(), await grant.text()).toBe(201);
	const beata = await userContext(browser, BEATA);
	await beata.page.goto(url.pathname + url.search);
	await openAssessment(beata.page);
	await typeAtEnd(anna.page, START);
	await expect(richText(beata.page, FIELD)).toContainText(START);
	await expectSaved(anna.page);
	await expectSaved(beata.page);

	await anna.context.setOffline(true);
	await expect(syncIndicator(anna.page)).toHaveAttribute('data-sync-state', 'offline');
	await typeAtEnd(anna.page, A_TEXT);
	await typeAtEnd(beata.page, B_TEXT);
	await expectSaved(beata.page);
	await anna.context.setOffline(false);
	await expectSaved(anna.page);

	for (const page of [anna.page, beata.page]) {
		// Merged character by character: both sentences stand in the text.
		await expect(richText(page, FIELD)).toContainText(A_TEXT.trim(), { timeout: 15_000 });
		await expect(richText(page, FIELD)).toContainText(B_TEXT.trim());
		// Marked beside this field, and nowhere else on the page.
		const marker = fieldBox(page).getByTestId('narrative-conflict');
		await expect(marker).toHaveCount(1, { timeout: 15_000 });
		await expect(page.getByTestId('narrative-conflict')).toHaveCount(1);
		await expect(marker.getByTestId('narrative-authors')).toContainText(
			'Anna Nowicka (bez sieci) oraz Beata Zając'
		);
		await marker.getByText('Pokaż obie wersje').click();
		await expect(marker.getByTestId('narrative-mine')).toHaveText(START + A_TEXT);
		await expect(marker.getByTestId('narrative-theirs')).toHaveText(START + B_TEXT);
		await expect(marker.getByTestId('narrative-merged')).toContainText(A_TEXT.trim());
		await expect(marker.getByTestId('narrative-merged')).toContainText(B_TEXT.trim());
	}

	await fieldBox(beata.page)
		.getByTestId('narrative-conflict')
		.getByRole('button', { name: 'Przeczytane' })
		.click();
	for (const page of [anna.page, beata.page])
		await expect(page.getByTestId('narrative-conflict')).toHaveCount(0);
	const open = await anna.page.request.get(`/api/families/${familyId}/conflicts`);
	expect((await open.json()).narratives).toEqual([]);
	await anna.context.close();
	await beata.context.close();
});
