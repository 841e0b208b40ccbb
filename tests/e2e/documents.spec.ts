import { expect, test } from './fixtures';
import {
	ANNA,
	PIOTR,
	expectNoAxeViolations,
	openFamilyTab,
	richText,
	signIn,
	userContext
} from './pages/app';

const FAMILY = 'Rodzina Kowalskich';

/** Today plus `days` in Poland's calendar: ISO for date inputs, dd.mm.rrrr as the UI shows it. */
function day(days: number): { iso: string; pl: string } {
	const iso = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw' }).format(new Date());
	const d = new Date(`${iso}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	const out = d.toISOString().slice(0, 10);
	const [y, m, dd] = out.split('-');
	return { iso: out, pl: `${dd}.${m}.${y}` };
}

test('[AS1][AS2][CO1][CO2][CO4][DL5] an assessment and a court request are recorded; the opinion’s due date shows in Terminy; read-only roles see no fields', async ({
	page,
	browser
}) => {
	await signIn(page, ANNA);
	await openFamilyTab(page, FAMILY, 'Oceny i sąd');
	await expect(page.getByRole('heading', { name: 'Nowa ocena' })).toBeVisible();

	// AS2: a period ending before it starts is refused in Polish; what was typed stays.
	await page.getByLabel('Okres od').fill(day(0).iso);
	await page.getByLabel('Okres do').fill(day(-30).iso);
	await page.getByLabel('Rekomendacja').selectOption({ label: 'zmienić plan pracy' });
	await page.getByRole('button', { name: 'Zapisz ocenę' }).click();
	await expect(page.getByText('Początek okresu musi być przed jego końcem.')).toBeVisible();
	await expect(page.getByLabel('Okres do')).toHaveValue(day(-30).iso);
	await expect(page.getByLabel('Rekomendacja')).toHaveValue('zmiana_planu');
	await page.getByLabel('Okres od').fill(day(-180).iso);
	// An assessment that assesses no goal is refused (issue 12); assess the first goal.
	await page.getByRole('button', { name: 'Zapisz ocenę' }).click();
	await expect(page.getByText('Ocena nic nie mówi')).toBeVisible();
	await page.getByLabel(/^Cel 1/).selectOption({ index: 1 });
	await page.getByRole('button', { name: 'Zapisz ocenę' }).click();
	const assessment = page.getByTestId('assessment').first();
	await expect(assessment).toContainText('zmienić plan pracy');
	// AS1: narratives per life area are collaborative rich text.
	const finances = richText(page, 'finanse');
	await finances.click();
	await page.keyboard.type('Rodzina spłaca zadłużenie czynszowe.');
	await expect(finances).toContainText('spłaca zadłużenie');

	// CO2: the court's request; CO1: not sendable before the head's approval.
	await page.getByLabel('Sąd', { exact: true }).fill('Sąd Rejonowy Lublin-Zachód');
	await page.getByRole('button', { name: 'Zapisz zapytanie' }).click();
	await expect(page.getByText('Podaj sygnaturę akt.')).toBeVisible();
	await expect(page.getByText('Podaj termin sporządzenia opinii.')).toBeVisible();
	await expect(page.getByLabel('Sąd', { exact: true })).toHaveValue('Sąd Rejonowy Lublin-Zachód');
	await page.getByLabel('Sygnatura akt').fill('III Nsm 512/26');
	await page.getByLabel('Termin opinii').fill(day(5).iso);
	await page.getByLabel('Zakres opinii').fill('sytuacja opiekuńczo-wychowawcza dzieci');
	await page.getByRole('button', { name: 'Zapisz zapytanie' }).click();
	const opinion = page.getByTestId('opinion').filter({ hasText: 'III Nsm 512/26' });
	await expect(opinion).toContainText(`termin ${day(5).pl}`);
	await expect(opinion.getByLabel('Zatwierdzenie kierownika')).toBeDisabled();
	await expect(opinion.getByRole('button', { name: 'Wysłano' })).toBeDisabled();
	await expect(richText(page, 'Wnioski')).toBeVisible();
	await expectNoAxeViolations(page);

	// DL5/CO4: the unsent opinion is a deadline of the Terminy tray.
	await page
		.getByRole('navigation', { name: 'Części akt rodziny' })
		.getByRole('link', { name: 'Terminy' })
		.click();
	const due = page.locator('[data-testid="termin"][data-kind="opinia"]');
	await expect(due).toContainText('III Nsm 512/26');
	await expect(due).toContainText(day(5).pl);

	// The social worker reads assessments and has no court compartment.
	const piotr = await userContext(browser, PIOTR);
	await openFamilyTab(piotr.page, FAMILY, 'Oceny i sąd');
	await expect(
		piotr.page.getByText('Masz dostęp do ocen okresowych tylko do odczytu')
	).toBeVisible();
	await expect(piotr.page.getByRole('heading', { name: 'Nowa ocena' })).toHaveCount(0);
	await expect(
		piotr.page.getByText('Nie masz dostępu do korespondencji z sądem w sprawie tej rodziny.')
	).toBeVisible();
	await expect(piotr.page.getByTestId('opinion')).toHaveCount(0);
	await piotr.page.getByTestId('assessment').first().getByRole('button').click();
	await expect(richText(piotr.page, 'finanse')).toContainText('spłaca zadłużenie');
	await expect(richText(piotr.page, 'finanse')).toHaveAttribute('contenteditable', 'false');
	await expectNoAxeViolations(piotr.page);
	await piotr.context.close();
});
