import { expect, test, type Page } from './fixtures';
import { fromToday } from './dates';
import { ANNA, PIOTR, expectSaved, openFamilyTab, signIn, userContext } from './pages/app';

const KRYSTYNA = 'krystyna.kierownik@demo.local';

/** axe-core on the page as it is now: no violations. */
async function expectAccessible(page: Page): Promise<void> {
	const { default: AxeBuilder } = await import('@axe-core/playwright');
	const result = await new AxeBuilder({ page }).analyze();
	expect(
		result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)
	).toEqual([]);
}

const caseState = (page: Page) => page.getByTestId('case-state');
const guardMessage = (page: Page) => page.getByTestId('guard-message');
const go = (page: Page, to: string) =>
	page.getByRole('button', { name: `Przejdź: ${to}`, exact: true }).click();

test('[CE5][CE1][G3][G4][CE4][G5] an assistant creates a family and walks it to realizacja — the guards block until consent and an agreed, consulted plan exist — then the head closes it', async ({
	browser
}) => {
	const anna = await userContext(browser, ANNA);
	const name = `Rodzina Testowa ${Date.now() % 100000}`;

	// Create the family: it starts at PRZYDZIELONA with the intake references.
	await anna.page.getByRole('link', { name: '+ Nowa rodzina' }).click();
	await expect(anna.page.getByRole('heading', { level: 1, name: 'Nowa rodzina' })).toBeVisible();
	await expect(anna.page.getByTestId('caseload')).toContainText('/ 15');
	await expectAccessible(anna.page);
	await anna.page.getByRole('button', { name: 'Załóż rodzinę' }).click();
	await expect(anna.page.getByRole('alert')).toContainText('Podaj nazwę rodziny.');
	await anna.page.getByLabel(/Nazwa rodziny/).fill(name);
	await anna.page.getByLabel('Adres').fill('ul. Lipowa 3, Przykładowo');
	await anna.page.getByLabel('Numer sprawy w POMOST').fill('P/2026/77');
	await anna.page
		.getByLabel('Pracownik socjalny rodziny')
		.selectOption({ label: 'Piotr Wiśniewski' });
	await anna.page.getByRole('button', { name: 'Załóż rodzinę' }).click();
	await expect(anna.page.getByRole('heading', { level: 1, name })).toBeVisible();
	await expect(caseState(anna.page)).toHaveText('Przydzielona – oczekuje na zgodę');
	await expect(anna.page.getByLabel('Adres')).toHaveValue('ul. Lipowa 3, Przykładowo');
	await expect(anna.page.getByTestId('case-event').first()).toContainText('POMOST P/2026/77');

	// A member who signs the plan.
	await anna.page.getByRole('textbox', { name: 'Imię i nazwisko' }).last().fill('Jan Testowy');
	await anna.page.getByLabel('Relacja').last().selectOption('ojciec');
	await anna.page.getByRole('button', { name: 'Dodaj osobę' }).click();
	const member = anna.page.getByTestId('member').first();
	await member.getByLabel('podpisuje plan (osoba dorosła)').check();

	// G3: no consent yet.
	await go(anna.page, 'Nawiązanie kontaktu');
	await expect(guardMessage(anna.page)).toContainText('Brak zgody rodziny');
	await expect(caseState(anna.page)).toHaveText('Przydzielona – oczekuje na zgodę');
	await anna.page.getByRole('checkbox', { name: 'Jan Testowy' }).check();
	await anna.page.getByRole('button', { name: 'Zarejestruj zgodę' }).click();
	await expect(anna.page.getByTestId('consent-current')).toContainText('Pisemna zgoda rodziny');
	await go(anna.page, 'Nawiązanie kontaktu');
	await expect(caseState(anna.page)).toHaveText('Nawiązanie kontaktu');
	// [CE1] A transition made offline is appended with its online flag and syncs later.
	await anna.context.setOffline(true);
	await go(anna.page, 'Plan w przygotowaniu');
	await expect(caseState(anna.page)).toHaveText('Plan w przygotowaniu');
	await expect(anna.page.getByTestId('case-event').first()).toContainText('zapisane offline');
	await anna.context.setOffline(false);
	await expectSaved(anna.page);

	// G4: no agreed plan.
	await go(anna.page, 'Realizacja planu');
	await expect(guardMessage(anna.page)).toContainText('Plan nie spełnia wymogów');
	await expectAccessible(anna.page);
	const caseUrl = anna.page.url();

	// Write the plan; agreeing an incomplete plan is refused with the G4 wording.
	await anna.page.getByRole('link', { name: 'Plan pracy', exact: true }).click();
	await anna.page.getByRole('button', { name: 'Dodaj cel' }).click();
	await anna.page.getByLabel('Tytuł celu').fill('Stabilna sytuacja mieszkaniowa');
	await anna.page.getByRole('button', { name: 'Dodaj działanie' }).click();
	const action = anna.page.getByTestId('action').first();
	await action.getByLabel('Opis działania').fill('Złożenie wniosku o dodatek mieszkaniowy');
	await anna.page.getByRole('button', { name: 'Uzgodnij plan z rodziną' }).click();
	await anna.page.getByRole('checkbox', { name: 'Jan Testowy' }).check();
	await anna.page.getByRole('button', { name: 'Zapisz uzgodnienie wersji 1' }).click();
	// Amended (issue 13): the wording names what art. 15 ust. 3 asks; the owner is a warning.
	await expect(anna.page.getByRole('alert')).toContainText('bez zakresu, terminu realizacji');
	await action.getByLabel('Osoba odpowiedzialna').fill('Jan Testowy');
	await action.getByLabel('Termin realizacji').fill(fromToday(60));
	await action.getByLabel('Przewidywany efekt').fill('Przyznany dodatek');
	await action.getByLabel('Przewidywany efekt').blur();
	await anna.page.getByRole('button', { name: 'Zapisz uzgodnienie wersji 1' }).click();
	await expect(anna.page.getByTestId('agreed-version')).toContainText('Wersja 1 uzgodniona');
	await expect(anna.page.getByTestId('plan-version')).toHaveCount(1);
	await expectAccessible(anna.page);
	await expectSaved(anna.page);

	// G4: agreed, not yet consulted.
	await anna.page.goto(caseUrl);
	await go(anna.page, 'Realizacja planu');
	await expect(guardMessage(anna.page)).toContainText('brak konsultacji z pracownikiem socjalnym');

	// The social worker consults version 1 in a second context.
	const piotr = await userContext(browser, PIOTR);
	await piotr.page.goto(caseUrl.replace('/rodzina/sprawa', '/rodzina'));
	await piotr.page.getByLabel('Uwagi pracownika socjalnego do wersji 1').fill('Bez uwag.');
	await piotr.page.getByRole('button', { name: 'Potwierdź konsultację wersji 1' }).click();
	await expect(piotr.page.getByTestId('consulted')).toBeVisible();
	await expectSaved(piotr.page);

	// Now the guard passes, live, without reloading Anna's page.
	await expect(anna.page.getByText('skonsultowana z pracownikiem socjalnym')).toBeVisible();
	await go(anna.page, 'Realizacja planu');
	await expect(caseState(anna.page)).toHaveText('Realizacja planu');
	await expect(guardMessage(anna.page)).toHaveCount(0);
	await expect(anna.page.getByTestId('case-event').first()).toContainText(
		'Plan w przygotowaniu → Realizacja planu'
	);
	await expectSaved(anna.page);

	// [G5] Closure: the assistant proposes it with a reason and a final assessment…
	await go(anna.page, 'W trakcie zakończenia');
	const closure = anna.page.getByRole('form', { name: 'Zakończenie pracy z rodziną' });
	await closure.getByRole('button', { name: 'Zaproponuj zakończenie' }).click();
	await expect(closure.getByRole('alert')).toHaveText('Wybierz przyczynę zakończenia.');
	await closure.getByLabel('Przyczyna zakończenia').selectOption('CEL_OSIAGNIETY');
	// [ZK1] The final assessment is a document of the assessments compartment.
	await closure.getByRole('button', { name: 'Utwórz ocenę końcową' }).click();
	const recommendation = closure.getByRole('textbox', { name: 'Zalecenia', exact: true });
	await recommendation.click();
	await anna.page.keyboard.type('Cele planu osiągnięte, rodzina samodzielna.');
	await expect(recommendation).toContainText('rodzina samodzielna');
	await closure.getByRole('button', { name: 'Zaproponuj zakończenie' }).click();
	await expect(caseState(anna.page)).toHaveText('W trakcie zakończenia');
	await expect(anna.page.getByRole('button', { name: /^Przejdź:/ })).toHaveCount(0);
	await expectSaved(anna.page);

	// …and the head accepts it by closing the case.
	const krystyna = await userContext(browser, KRYSTYNA);
	await krystyna.page.goto(caseUrl);
	await expect(caseState(krystyna.page)).toHaveText('W trakcie zakończenia');
	// G5 checks the final assessment itself: the head's device has it once its reference shows.
	await expect(krystyna.page.getByTestId('closure-final-ref')).toContainText('SHA-256');
	await go(krystyna.page, 'Zamknięta');
	await expect(caseState(krystyna.page)).toHaveText('Zamknięta');
	await expectSaved(krystyna.page);
	await expect(caseState(anna.page)).toHaveText('Zamknięta');

	await anna.context.close();
	await piotr.context.close();
	await krystyna.context.close();
});

test('[G1b] POST /api/families refuses a body that fails validation, and roles that may not create', async ({
	browser
}) => {
	const anna = await userContext(browser, ANNA);
	const bad = await anna.page.request.post('/api/families', { data: { name: '' } });
	expect(bad.status()).toBe(400);
	expect((await bad.json()).error).toBe('Podaj nazwę rodziny.');
	const piotr = await userContext(browser, PIOTR);
	const forbidden = await piotr.page.request.post('/api/families', { data: { name: 'Rodzina X' } });
	expect(forbidden.status()).toBe(403);
	await anna.context.close();
	await piotr.context.close();
});

test('[CE6] the case log shows when the server received each event, beside the device time', async ({
	page
}) => {
	await signIn(page, ANNA);
	await openFamilyTab(page, /Rodzina/, 'Sprawa i rodzina');
	const receipt = page.getByTestId('case-event-receipt').first();
	await expect(receipt).toContainText(/Serwer otrzymał: \d{2}\.\d{2}\.\d{4}/);
});
