import { expect, test } from './fixtures';
import { ANNA, expectSaved, userContext } from './pages/app';
import { formatPl, isWeekend, lastChristmasYear, plusDays } from './dates';

/**
 * [NK2] The family's assistant, not in the grupa diagnostyczno-pomocowa, starts a Niebieska Karta
 * procedure and records its hand-over to the ZI chair, write-only; the ZI member sees it; the
 * assistant never sees the group's own records. [LS2] The family comes in under „Za życiem”.
 */
const ZENON = 'zenon.zespol@demo.local';
const KRYSTYNA = 'krystyna.kierownik@demo.local';
// [NK1] Dates around the latest Christmas, whatever the year the walk runs in (DB1's window keeps
// NK dates of the last five years): 24–26 December are public holidays from 2025.
const YEAR = lastChristmasYear();
const STARTED = `${YEAR}-12-22`;
const TO_CHAIR = `${YEAR}-12-23`;
const GROUP_STARTED = `${YEAR}-12-28`;
/** Three working days after the hand-over to the chair: past 24–26 December and the weekend. */
function groupDue(): string {
	let day = TO_CHAIR;
	for (let left = 3; left > 0;) {
		day = plusDays(day, 1);
		const holiday = ['12-24', '12-25', '12-26'].includes(day.slice(5));
		if (!holiday && !isWeekend(day)) left--;
	}
	return day;
}

const tab = (page: import('./fixtures').Page, name: string) =>
	page
		.getByRole('navigation', { name: 'Części akt rodziny' })
		.getByRole('link', { name, exact: true })
		.click();

test('[NK2][NK3][ST1][LS2] the assistant starts NK-A and hands it to the chair write-only; the group sees it, the assistant never sees the group’s records', async ({
	browser
}) => {
	const anna = await userContext(browser, ANNA);
	const page = anna.page;
	const name = `Rodzina NK ${Date.now() % 100000}`;

	await page.getByRole('link', { name: '+ Nowa rodzina' }).click();
	await page.getByLabel(/Nazwa rodziny/).fill(name);
	await page.getByTestId('intake-basis').selectOption('za_zyciem');
	await page.getByRole('button', { name: 'Załóż rodzinę' }).click();
	await expect(page.getByTestId('case-state')).toHaveText('Przydzielona – oczekuje na zgodę');
	await expect(page.getByText(/Podstawa: ustawa „Za życiem”/)).toBeVisible();
	const familyId = new URL(page.url()).searchParams.get('id') ?? '';

	await tab(page, 'Kontakty i bezpieczeństwo');
	await expect(page.getByTestId('write-only-notice')).toContainText(
		'grupy diagnostyczno-pomocowej'
	);
	const nk = page.getByTestId('nk-section');
	await nk.getByLabel('Wszczęcie procedury (wypełnienie NK-A)').fill(STARTED);
	await nk.getByRole('button', { name: 'Zapisz wszczęcie procedury' }).click();
	const mine = nk.getByTestId('nk-procedure');
	await expect(mine).toHaveCount(1);
	// Only the hand-over to the chair is the assistant's step: later steps are not offered.
	await expect(mine.getByLabel('Przekazanie grupie diagnostyczno-pomocowej')).toHaveCount(0);
	await mine
		.getByLabel('Przekazanie NK-A przewodniczącemu zespołu interdyscyplinarnego')
		.fill(TO_CHAIR);
	await mine.getByLabel('Przekazanie NK-A przewodniczącemu zespołu interdyscyplinarnego').blur();
	await expect(mine.getByTestId('nk-deadline')).toContainText(`wykonano: ${formatPl(TO_CHAIR)}`);
	await expectSaved(page);

	// The head makes the ZI member a reader of the procedure (AC11).
	const head = await userContext(browser, KRYSTYNA);
	const granted = await head.page.request.post(`/api/families/${familyId}/grants`, {
		data: { user: ZENON, role: 'edit', compartments: ['violence'], reason: 'procedura NK' }
	});
	expect(granted.status()).toBe(201);

	const zenon = await userContext(browser, ZENON);
	await zenon.page.goto(`/rodzina/kontakty?id=${encodeURIComponent(familyId)}`);
	const group = zenon.page.getByTestId('nk-section');
	await expect(group.getByTestId('nk-procedure')).toHaveCount(1);
	await expect(
		group.getByLabel('Przekazanie NK-A przewodniczącemu zespołu interdyscyplinarnego')
	).toHaveValue(TO_CHAIR);
	// The group records a procedure of its own and the next step.
	await group.getByLabel('Wszczęcie procedury (wypełnienie NK-A)').fill(GROUP_STARTED);
	await group.getByRole('button', { name: 'Zapisz wszczęcie procedury' }).click();
	await expect(group.getByTestId('nk-procedure')).toHaveCount(2);
	await expectSaved(zenon.page);

	// The assistant, reloaded, still sees only its own procedure.
	await page.reload();
	await expect(page.getByTestId('nk-section').getByTestId('nk-procedure')).toHaveCount(1);
	await expectSaved(page);
	await expect(page.getByTestId('nk-section')).not.toContainText(formatPl(GROUP_STARTED));

	// [NK3] The head's view lists the open steps by their dates only, in working days:
	// 23 December + 3 working days, across 24–26 December (30 December in 2026).
	await expect(async () => {
		await head.page.goto('/kierownik');
		await expect(
			head.page
				.getByTestId('nk-head-deadline')
				.filter({ hasText: name })
				.filter({ hasText: 'grupie diagnostyczno' })
		).toContainText(formatPl(groupDue()), { timeout: 1000 });
	}).toPass();
	// [ST1] The head also sees which assistants lack a recorded art. 12 check.
	await expect(head.page.getByTestId('eligibility-lacking')).toContainText('Anna Nowicka');

	for (const c of [anna, head, zenon]) await c.context.close();
});
