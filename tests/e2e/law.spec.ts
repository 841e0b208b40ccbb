import { expect, test, type Page } from './fixtures';
import { fromToday } from './dates';
import { ANNA, PIOTR, expectNoAxeViolations, expectSaved, userContext } from './pages/app';

/**
 * "The law as it stands" (issue 13): the blocking cases walked in a real browser. A court-obliged
 * family that refuses to sign the plan reaches REALIZACJA with the refusal printed (G4); one
 * postanowienie carries supervision and the obligation (CT7); the owner of an action is a warning
 * (WP1). The placówka walk (PC4) is in court-care.spec.ts.
 */

const caseState = (page: Page) => page.getByTestId('case-state');
const guardMessage = (page: Page) => page.getByTestId('guard-message');
const go = (page: Page, to: string) =>
	page.getByRole('button', { name: `Przejdź: ${to}`, exact: true }).click();
const tab = (page: Page, name: string) =>
	page
		.getByRole('navigation', { name: 'Części akt rodziny' })
		.getByRole('link', { name, exact: true })
		.click();

test('[G4][CT7][WP1] a court-obliged family that refuses to sign reaches REALIZACJA; the refusal and its reason are printed', async ({
	browser
}) => {
	const anna = await userContext(browser, ANNA);
	const page = anna.page;
	const name = `Rodzina Odmowa ${Date.now() % 100000}`;

	await page.getByRole('link', { name: '+ Nowa rodzina' }).click();
	await page.getByLabel(/Nazwa rodziny/).fill(name);
	await page.getByLabel('Pracownik socjalny rodziny').selectOption({ label: 'Piotr Wiśniewski' });
	await page.getByRole('button', { name: 'Załóż rodzinę' }).click();
	await expect(caseState(page)).toHaveText('Przydzielona – oczekuje na zgodę');
	await page.getByRole('textbox', { name: 'Imię i nazwisko' }).last().fill('Marta Odmowna');
	await page.getByLabel('Relacja').last().selectOption('matka');
	await page.getByRole('button', { name: 'Dodaj osobę' }).click();
	await page.getByTestId('member').first().getByLabel('podpisuje plan (osoba dorosła)').check();
	const caseUrl = page.url();

	// [CT7] One postanowienie: supervision by a kurator and the obligation to work with an assistant.
	await tab(page, 'Oceny i sąd');
	const form = page.getByRole('form', { name: 'Nowe postanowienie sądu' });
	await form.getByLabel('Sąd wydający postanowienie').fill('Sąd Rejonowy w Przykładowie');
	await form.getByLabel('Sygnatura', { exact: true }).fill('III Nsm 88/26');
	await form.getByLabel('Data postanowienia').fill(fromToday(-35));
	await form.getByLabel('Rodzaj postanowienia').selectOption('nadzor_kuratora');
	await form
		.getByTestId('order-also-types')
		.getByRole('checkbox', { name: /zobowiązanie do współpracy/ })
		.check();
	await form.getByRole('button', { name: 'Zapisz postanowienie' }).click();
	await expect(form.getByRole('status')).toHaveText('Postanowienie zapisane.');
	await expect(page.getByTestId('court-order')).toContainText(/nadzór.*\+.*zobowiązanie/i);
	await expectSaved(page);

	// The obligation in the same order is the G3 exemption.
	await page.goto(caseUrl);
	await expect(page.getByTestId('consent-current')).toContainText('zobowiązanie sądu');
	await go(page, 'Nawiązanie kontaktu');
	await expect(caseState(page)).toHaveText('Nawiązanie kontaktu');
	await go(page, 'Plan w przygotowaniu');
	await expect(caseState(page)).toHaveText('Plan w przygotowaniu');

	// The plan: one action with scope, deadline and effect, no responsible person (a warning).
	await tab(page, 'Plan pracy');
	await page.getByRole('button', { name: 'Dodaj cel' }).click();
	await page.getByLabel('Tytuł celu').fill('Bezpieczeństwo dzieci');
	await page.getByRole('button', { name: 'Dodaj działanie' }).click();
	const action = page.getByTestId('action').first();
	await action.getByLabel('Opis działania').fill('Udział w zajęciach dla rodziców');
	await action.getByLabel('Termin realizacji').fill(fromToday(80));
	await action.getByLabel('Przewidywany efekt').fill('Ukończony cykl zajęć');
	await action.getByLabel('Przewidywany efekt').blur();
	await page.getByRole('button', { name: 'Uzgodnij plan z rodziną' }).click();
	await expect(page.getByTestId('plan-warnings')).toContainText('bez osoby odpowiedzialnej');
	await page.getByRole('radio', { name: 'odmowa podpisu' }).check();
	await expect(page.getByTestId('refusal-counts')).toBeVisible();
	await page.getByRole('button', { name: 'Zapisz uzgodnienie wersji 1' }).click();
	await expect(page.getByRole('alert')).toBeVisible();
	await page.getByLabel('Powód odmowy').fill('Matka odmawia podpisu, nie zgadza się z sądem.');
	await page.getByRole('button', { name: 'Zapisz uzgodnienie wersji 1' }).click();
	await expect(page.getByTestId('agreed-version')).toContainText('Wersja 1');
	await expectNoAxeViolations(page);
	await expectSaved(page);

	// The social worker consults the refused version (art. 15 ust. 1 pkt 1).
	const piotr = await userContext(browser, PIOTR);
	await piotr.page.goto(caseUrl.replace('/rodzina/sprawa', '/rodzina'));
	await piotr.page.getByLabel('Uwagi pracownika socjalnego do wersji 1').fill('Bez uwag.');
	await piotr.page.getByRole('button', { name: 'Potwierdź konsultację wersji 1' }).click();
	await expect(piotr.page.getByTestId('consulted')).toBeVisible();
	await expectSaved(piotr.page);

	// G4 passes on the refusal with its reason.
	await page.goto(caseUrl);
	await expect(page.getByText('skonsultowana z pracownikiem socjalnym')).toBeVisible();
	await go(page, 'Realizacja planu');
	await expect(caseState(page)).toHaveText('Realizacja planu');
	await expect(guardMessage(page)).toHaveCount(0);
	await expectSaved(page);

	// The plan prints with the refusal as such.
	await tab(page, 'Plan pracy');
	await page.getByTestId('print-link-plan').click();
	const refusal = page.getByTestId('print-refusal');
	await expect(refusal).toContainText('Rodzina odmówiła podpisania planu (wersja 1');
	await expect(refusal).toContainText('Matka odmawia podpisu, nie zgadza się z sądem.');

	await anna.context.close();
	await piotr.context.close();
});
