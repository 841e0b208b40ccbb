import { expect, test, type Page } from './fixtures';
import { unzipSync, strFromU8 } from 'fflate';
import fs from 'node:fs';
import {
	ANNA,
	expectNoAxeViolations,
	expectSaved,
	openFamily,
	openFamilyTab,
	signIn,
	unlockDevice,
	waitForServiceWorker
} from './pages/app';

const FAMILY = 'Rodzina Kowalskich';

/** The browser's print dialog would wait for a person; the test prints with page.pdf() instead. */
async function skipPrintDialog(page: Page): Promise<void> {
	await page.evaluate(() => {
		window.print = () => {};
	});
}

/** Opens the family's access page and waits until its trail has a row matching `row`. */
async function expectInTrail(page: Page, familyId: string, row: RegExp, testId = 'audit') {
	await expect(async () => {
		await page.goto(`/rodzina/dostep?id=${encodeURIComponent(familyId)}`);
		await expect(
			page.getByTestId(testId).getByRole('row').filter({ hasText: row })
		).not.toHaveCount(0, { timeout: 2_000 });
	}).toPass({ timeout: 30_000 });
}

test('[DR1][DR2][DR3][DR4][DR5][DR6] the demo plan prints offline with its action table and footer hash; back online the trail lists the print', async ({
	page,
	context
}) => {
	await signIn(page, ANNA);
	await waitForServiceWorker(page);
	await openFamily(page, FAMILY);
	await expectSaved(page);
	const familyId = new URL(page.url()).searchParams.get('id') ?? '';

	await context.setOffline(true);
	await page.getByTestId('print-link-plan').click();
	const sheet = page.getByTestId('print-sheet');
	await expect(sheet.getByRole('heading', { name: 'Plan pracy z rodziną' })).toBeVisible();
	const table = sheet.getByTestId('print-actions').first();
	await expect(table.getByRole('columnheader', { name: 'Osoba odpowiedzialna' })).toBeVisible();
	await expect(table.getByRole('columnheader', { name: 'Przewidywany efekt' })).toBeVisible();
	await expect(table.getByRole('row')).not.toHaveCount(1);
	await expect(page.getByTestId('print-footer')).toContainText(
		/Skrót treści \(SHA-256\): [0-9a-f]{64}/
	);

	await skipPrintDialog(page);
	await page.getByRole('button', { name: 'Drukuj / PDF' }).click();
	await expect(page.getByText('Wydruk zapisano w dzienniku')).toBeVisible();
	const pdf = await page.pdf({ format: 'A4' });
	expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
	fs.writeFileSync(test.info().outputPath('plan.pdf'), pdf);

	// [DR6] Reopened offline, the page reads its documents from the device: queued as opens.
	await page.reload();
	await unlockDevice(page); // [DV5] offline, the password unlocks the device
	await expect(sheet.getByTestId('print-actions').first()).toBeVisible();

	await context.setOffline(false);
	await expectInTrail(page, familyId, /wydruk/);
	await expectInTrail(page, familyId, /otwarcie bez sieci/);
});

test('[DR7][DR8] the DOCX of a court opinion is a zip whose word/document.xml has the sygnatura; the export is a disclosure', async ({
	page
}) => {
	const sygnatura = `IV Nsm ${Math.floor(Math.random() * 900) + 100}/26`;
	await signIn(page, ANNA);
	await openFamilyTab(page, FAMILY, 'Oceny i sąd');
	const familyId = new URL(page.url()).searchParams.get('id') ?? '';
	await page.getByLabel('Sąd', { exact: true }).fill('Sąd Rejonowy w Lublinie');
	await page.getByLabel('Sygnatura akt').fill(sygnatura);
	const due = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
	await page.getByLabel('Termin opinii').fill(due);
	await page.getByRole('button', { name: 'Zapisz zapytanie' }).click();
	const opinion = page.getByTestId('opinion').filter({ hasText: sygnatura });
	await opinion.getByTestId('print-link-opinia').click();

	await expect(page.getByTestId('print-caseref')).toContainText(sygnatura);
	// [DR3] Not approved by the head: a draft.
	await expect(page.getByTestId('print-sheet')).toHaveAttribute('data-watermark', 'PROJEKT');
	await expectNoAxeViolations(page);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Pobierz DOCX (do edycji)' }).click()
	]);
	const file = await download.path();
	const zip = unzipSync(new Uint8Array(fs.readFileSync(file)));
	expect(Object.keys(zip)).toContain('word/document.xml');
	expect(strFromU8(zip['word/document.xml'])).toContain(sygnatura);

	await expectInTrail(page, familyId, new RegExp(sygnatura.replace(/[/]/g, '\\/')), 'disclosures');
	await expect(
		page.getByTestId('audit').getByRole('row').filter({ hasText: 'eksport' })
	).not.toHaveCount(0);
});
