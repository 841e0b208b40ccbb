/**
 * [SY13][CF6][CF7][CF8][NC1][NC2] Issue 11's scene on Sprawa i rodzina and in a visit's notes, in
 * two browsers. A member's address replaced by the assistant offline and the social worker online:
 * both see a marker with both values and names, never an interleaving; the head finds the family
 * in the view's list and the family's "Konflikty zmian"; keeping the other value clears the marker
 * on both. A visit's observations written offline into a passage someone else changed: merged
 * character by character, marked with both authors and each side's version until read.
 */
import { expect, test, type Page } from './fixtures';
import {
	ANNA,
	PIOTR,
	expectSaved,
	openFamilyTab,
	richText,
	syncIndicator,
	userContext
} from './pages/app';

const FAMILY = 'Rodzina Zielińskich';
/** A second assistant of the centre (OPS staff: another institution's person gets no edit, ST2). */
const BEATA = 'beata.asystent@demo.local';
const KRYSTYNA = 'krystyna.kierownik@demo.local';

const MEMBER = 'Jan Zieliński (konflikt)';
const A_ADDRESS = 'ul. Polna 3, Gdańsk (ANNA offline)';
const B_ADDRESS = 'ul. Leśna 7, Sopot (PIOTR online)';
const ADDRESS = 'Adres (jeśli inny niż rodziny)';

const member = (page: Page) => page.getByTestId('member').last();

test('[SY13][CF6][CF7][CF8] a member’s address replaced offline and online: both values and names on both, listed for the family and the head, keep the other clears it on both', async ({
	browser
}) => {
	const anna = await userContext(browser, ANNA);
	const piotr = await userContext(browser, PIOTR);
	await openFamilyTab(anna.page, FAMILY, 'Sprawa i rodzina');
	const add = anna.page.locator('form.add');
	await add.getByLabel('Imię i nazwisko').fill(MEMBER);
	await add.getByRole('button', { name: 'Dodaj osobę' }).click();
	await expect(member(anna.page).getByLabel('Imię i nazwisko')).toHaveValue(MEMBER);
	const url = new URL(anna.page.url());
	await piotr.page.goto(url.pathname + url.search);
	await expect(member(piotr.page).getByLabel('Imię i nazwisko')).toHaveValue(MEMBER);
	await expectSaved(anna.page);
	await expectSaved(piotr.page);

	await anna.context.setOffline(true);
	await expect(syncIndicator(anna.page)).toHaveAttribute('data-sync-state', 'offline');
	for (const [page, value] of [
		[anna.page, A_ADDRESS],
		[piotr.page, B_ADDRESS]
	] as const) {
		const field = member(page).getByLabel(ADDRESS, { exact: true });
		await field.fill(value);
		await field.blur();
	}
	await expectSaved(piotr.page);
	await anna.context.setOffline(false);
	await expectSaved(anna.page);

	for (const page of [anna.page, piotr.page]) {
		const marker = member(page).getByTestId('conflict');
		await expect(marker).toBeVisible({ timeout: 15_000 });
		const values = marker.getByTestId('conflict-value');
		await expect(values).toHaveCount(2);
		await expect(values.filter({ hasText: A_ADDRESS })).toContainText('Anna Nowicka');
		await expect(values.filter({ hasText: B_ADDRESS })).toContainText('Piotr Wiśniewski');
		await expect(marker.getByText('obowiązuje')).toHaveCount(1);
		// Never an interleaving: the field holds one of the two values, whole.
		expect([A_ADDRESS, B_ADDRESS]).toContain(
			await member(page).getByLabel(ADDRESS, { exact: true }).inputValue()
		);
	}

	// The head finds the family in the view's list, and the conflict on the family's list.
	const krystyna = await userContext(browser, KRYSTYNA);
	const listed = krystyna.page.getByTestId('change-conflicts');
	await expect(listed.getByRole('link', { name: FAMILY })).toBeVisible();
	await listed.getByRole('link', { name: FAMILY }).click();
	const row = krystyna.page.getByTestId('conflict-row');
	await expect(row).toHaveCount(1);
	await expect(row.getByTestId('conflict-value')).toHaveCount(2);
	await expect(row).toContainText(A_ADDRESS);
	await expect(row).toContainText(B_ADDRESS);

	// Anna keeps the value that does not stand now; the marker clears on both.
	const standing = await member(anna.page).getByLabel(ADDRESS, { exact: true }).inputValue();
	const other = standing === A_ADDRESS ? B_ADDRESS : A_ADDRESS;
	await member(anna.page)
		.getByTestId('conflict')
		.getByRole('button', { name: `Zachowaj tę wartość: ${other}` })
		.click();
	for (const page of [anna.page, piotr.page]) {
		await expect(member(page).getByTestId('conflict')).toHaveCount(0);
		await expect(member(page).getByLabel(ADDRESS, { exact: true })).toHaveValue(other);
	}
	await expectSaved(anna.page);
	await krystyna.page.reload();
	await expect(krystyna.page.getByTestId('conflicts-none')).toBeVisible();
	await krystyna.context.close();
	await anna.context.close();
	await piotr.context.close();
});

const FIELD = 'Obserwacje, w tym bezpieczeństwo dzieci';
const START = 'Rodzina w komplecie.';
const A_TEXT = ' Ojciec wrócił z pracy.';
const B_TEXT = ' Matka w pracy.';

async function openFirstVisit(page: Page) {
	await page.getByTestId('visit').first().getByRole('button').first().click();
	await expect(richText(page, FIELD)).toBeVisible();
}

async function typeAtEnd(page: Page, text: string) {
	const field = richText(page, FIELD);
	await field.click();
	await page.keyboard.press('Control+End');
	await page.keyboard.type(text);
}

test('[NC1][NC2] a visit’s observations written offline into a passage changed meanwhile: merged, marked with both authors and each side’s version, cleared on both when read', async ({
	browser
}) => {
	const anna = await userContext(browser, ANNA);
	await openFamilyTab(anna.page, FAMILY, 'Wizyty');
	const url = new URL(anna.page.url());
	const familyId = url.searchParams.get('id') ?? '';
	// A colleague writes the visit diary with Anna (a grant she gives through the API).
	const grant = await anna.page.request.post(`/api/families/${familyId}/grants`, {
		data: {
			user: BEATA,
			role: 'edit',
			compartments: ['visits'],
			reason: 'wspólne wizyty (test konfliktów)'
		}
	});
	expect(grant.status(), await grant.text()).toBe(201);
	const beata = await userContext(browser, BEATA);
	await beata.page.goto(url.pathname + url.search);
	await openFirstVisit(anna.page);
	await openFirstVisit(beata.page);
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
		const marker = page.getByTestId('narrative-conflict');
		await expect(marker).toHaveCount(1, { timeout: 15_000 });
		await expect(marker.getByTestId('narrative-authors')).toContainText(
			'Anna Nowicka (bez sieci) oraz Beata Zając'
		);
		await marker.getByText('Pokaż obie wersje').click();
		await expect(marker.getByTestId('narrative-mine')).toHaveText(START + A_TEXT);
		await expect(marker.getByTestId('narrative-theirs')).toHaveText(START + B_TEXT);
		await expect(marker.getByTestId('narrative-merged')).toContainText(A_TEXT.trim());
		await expect(marker.getByTestId('narrative-merged')).toContainText(B_TEXT.trim());
	}

	await beata.page
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
