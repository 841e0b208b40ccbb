import { expect, test } from './fixtures';
import {
	ANNA,
	PIOTR,
	actionDescription,
	expectSaved,
	openFamily,
	syncIndicator,
	userContext
} from './pages/app';

const HOUR = 3_600_000;
/**
 * The day before the one Piotr's device (three hours behind) dates his change: between midnight
 * and 3:00 in Warsaw that is two days back, else his offline change would count as "yesterday"
 * by its authoring time and the filter below would see it (the test failed at 0:30 that way).
 */
const yesterday = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw' }).format(
	new Date(Date.now() - 3 * HOUR - 24 * HOUR)
);
/** The history table's time format (pl-PL, Warsaw), as the page renders it. */
const moment = (ms: number) =>
	new Date(ms).toLocaleString('pl-PL', {
		timeZone: 'Europe/Warsaw',
		dateStyle: 'short',
		timeStyle: 'short'
	});

test('[HI1][HI2][HI4][HI7] two users edit one plan, one offline: Historia shows both authors with the right authoring times, and the plan as of yesterday has none of it', async ({
	browser
}) => {
	const anna = await userContext(browser, ANNA);
	const piotr = await userContext(browser, PIOTR);
	// Piotr's device clock runs three hours behind: what it writes offline is dated by it.
	await piotr.page.clock.install({ time: Date.now() - 3 * HOUR });

	await openFamily(anna.page, /Kowalskich/);
	const planUrl = new URL(anna.page.url());
	await piotr.page.goto(planUrl.pathname + planUrl.search);
	await expect(piotr.page.getByTestId('action').first()).toBeVisible();

	// Anna edits online.
	const a = actionDescription(anna.page);
	await a.click();
	await a.press('Control+End');
	await a.pressSequentially(' (dopisek Anny)');
	await expectSaved(anna.page);

	// Piotr edits offline, then comes back.
	await expectSaved(piotr.page);
	await piotr.context.setOffline(true);
	const before = await piotr.page.evaluate(() => Date.now());
	const effect = piotr.page.getByTestId('action').first().getByLabel('Przewidywany efekt');
	await effect.fill('Efekt ustalony offline przez Piotra');
	// Leaving the field writes it (the pause-in-typing timer runs on Piotr's fake clock, which
	// need not advance here); the change then waits on the device.
	await effect.press('Tab');
	await expect(syncIndicator(piotr.page)).toContainText('offline — 1 zmiana czeka');
	const after = await piotr.page.evaluate(() => Date.now());
	await piotr.context.setOffline(false);
	await expectSaved(piotr.page);

	// Historia of the plan, from the plan page's tab bar.
	await anna.page
		.getByRole('navigation', { name: 'Części akt rodziny' })
		.getByRole('link', { name: 'Historia' })
		.click();
	await expect(
		anna.page.getByRole('heading', { level: 1, name: 'Historia: Plan pracy' })
	).toBeVisible();
	const rows = anna.page.getByTestId('history-entry');
	const piotrRow = rows.filter({ hasText: 'Piotr Wiśniewski' }).first();
	await expect(piotrRow).toBeVisible({ timeout: 15_000 });
	// The device reports when it wrote right after its changes are synced: "Pokaż" reloads the
	// list until that report has reached the server.
	await expect(async () => {
		await anna.page.getByRole('button', { name: 'Pokaż', exact: true }).click();
		await expect(piotrRow).toHaveAttribute('data-offline', 'true', { timeout: 1_000 });
	}).toPass({ timeout: 15_000 });
	await expect(piotrRow.getByTestId('history-authored')).toContainText('offline');
	const authored = (await piotrRow.getByTestId('history-authored').innerText()).trim();
	expect([moment(before), moment(after)].some((t) => authored.startsWith(t))).toBe(true);
	await expect(piotrRow).toContainText('Działania: zmieniono');
	await expect(piotrRow).toContainText('oczekiwany efekt');

	const annaRow = rows.filter({ hasText: 'Anna Nowicka' }).first();
	await expect(annaRow).toBeVisible();
	await expect(annaRow).not.toHaveAttribute('data-offline', 'true');
	await expect(annaRow).toContainText('opis');
	// Filter by person.
	await anna.page.getByTestId('history-person-filter').selectOption({ label: 'Piotr Wiśniewski' });
	await anna.page.getByRole('button', { name: 'Pokaż', exact: true }).click();
	await expect(rows.filter({ hasText: 'Anna Nowicka' })).toHaveCount(0);
	await expect(rows.filter({ hasText: 'Piotr Wiśniewski' }).first()).toBeVisible();

	// Filter by days: up to yesterday there is only the seed's plan, written a week ago.
	await anna.page.getByTestId('history-person-filter').selectOption({ label: 'wszyscy' });
	await anna.page.getByLabel('Do dnia').fill(yesterday);
	await anna.page.getByRole('button', { name: 'Pokaż', exact: true }).click();
	await expect(rows).toHaveCount(1);
	await expect(rows.first()).toContainText('Cele: dodano');
	await expect(rows.first()).toContainText('Anna Nowicka');

	// The plan as of yesterday: a print without today's changes, dated, with the version hash.
	await anna.page.getByRole('button', { name: 'Pokaż stan na ten dzień' }).click();
	await anna.page.getByTestId('as-of-link').click();
	const sheet = anna.page.getByTestId('print-sheet');
	await expect(sheet).toBeVisible({ timeout: 15_000 });
	await expect(sheet).toContainText('Ustalenie stałego planu dnia dzieci');
	await expect(sheet).not.toContainText('dopisek Anny');
	await expect(sheet).not.toContainText('Efekt ustalony offline przez Piotra');
	await expect(anna.page.getByTestId('print-footer')).toContainText(
		/Stan na \d\d\.\d\d\.\d{4} · zapis nr 1 · wersja [0-9a-f]{12}/
	);

	await anna.context.close();
	await piotr.context.close();
});
