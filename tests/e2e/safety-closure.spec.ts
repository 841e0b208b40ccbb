import { expect, test, type Page } from './fixtures';
import { fromToday } from './dates';
import {
	ANNA,
	PIOTR,
	expectNoAxeViolations,
	expectSaved,
	openFamilyTab,
	richText,
	userContext
} from './pages/app';

const KRYSTYNA = 'krystyna.kierownik@demo.local';
const KASIA = 'kasia.kurator@demo.local';
const FAMILY = 'Rodzina Zielińskich';

/** Acknowledges the user's open alerts of FAMILY: other specs record concerns there too. */
async function acknowledgeEarlierAlerts(page: Page): Promise<void> {
	const list = (await (await page.request.get('/api/alerts')).json()) as {
		alerts: { id: string; familyName: string }[];
	};
	for (const a of list.alerts.filter((x) => x.familyName === FAMILY))
		expect((await page.request.post(`/api/alerts/${a.id}/ack`)).status()).toBe(204);
}

/** Reloads until the check passes: alerts come from the server's projection after sync. */
async function untilShown(page: Page, check: () => Promise<void>): Promise<void> {
	await expect(async () => {
		await page.reload();
		await check();
	}).toPass({ timeout: 30_000 });
}

test('[ZG1][ZG2][ZG3][ZG4] a concern recorded by the assistant alerts the head and the social worker, not the kurator; acknowledging removes it', async ({
	browser
}) => {
	const anna = await userContext(browser, ANNA);
	const krystyna = await userContext(browser, KRYSTYNA);
	const piotr = await userContext(browser, PIOTR);
	await acknowledgeEarlierAlerts(krystyna.page);
	await acknowledgeEarlierAlerts(piotr.page);
	// Other specs record concerns in this demo family too: count the events already logged.
	await openFamilyTab(anna.page, FAMILY, 'Sprawa i rodzina');
	const concernEvents = anna.page
		.getByTestId('case-event')
		.filter({ hasText: 'Zagrożenie bezpieczeństwa dziecka' });
	await expect(anna.page.getByTestId('case-event').first()).toBeVisible();
	await expectSaved(anna.page);
	const before = await concernEvents.count();
	await anna.page
		.getByRole('navigation', { name: 'Części akt rodziny' })
		.getByRole('link', { name: 'Kontakty i bezpieczeństwo' })
		.click();
	await anna.page.getByRole('radio', { name: /^Nie/ }).check();
	await anna.page.getByLabel('Godzina').fill('07:15');
	await anna.page.getByRole('checkbox', { name: 'wezwano policję' }).check();
	await anna.page.getByRole('button', { name: 'Zapisz zdarzenie' }).click();
	await expect(anna.page.getByText('Zapisano w dzienniku wizyt.')).toBeVisible();
	await expect(anna.page.getByTestId('safety-alert-note')).toContainText(
		'Kierownik i pracownik socjalny rodziny dostaną powiadomienie'
	);

	// [ZG2] The intervention record is offered, pre-filled, in the concern's document.
	await anna.page.getByRole('button', { name: 'Zapisz interwencję do tego zdarzenia' }).click();
	await expect(anna.page.getByTestId('safety-intervention-note')).toBeVisible();
	await expect(anna.page.getByLabel('Godzina')).toHaveValue('07:15');
	await expect(anna.page.getByRole('checkbox', { name: 'wezwano policję' })).toBeChecked();
	await expect(anna.page.getByRole('radio', { name: /^Nie/ })).toBeChecked();
	await expect(anna.page.getByRole('radio', { name: /^Nie/ })).toBeDisabled();
	await expectNoAxeViolations(anna.page);
	await anna.page.getByRole('button', { name: 'Zapisz interwencję', exact: true }).click();
	const records = anna.page.getByTestId('safety-record').filter({ hasText: 'godz. 07:15' });
	await expect(records).toHaveCount(2);
	await expect(records.filter({ hasText: 'interwencja' })).toHaveAttribute(
		'data-compartment',
		'visits'
	);
	await expectSaved(anna.page);

	// [ZG1] The case log says only that a concern was recorded, and when.
	await anna.page
		.getByRole('navigation', { name: 'Części akt rodziny' })
		.getByRole('link', { name: 'Sprawa i rodzina' })
		.click();
	await expect(concernEvents).toHaveCount(before + 1);

	// [ZG3][ZG4] The head sees it in the kierownik's view after sync, without the content.
	await krystyna.page.goto('/kierownik');
	const headAlert = krystyna.page.getByTestId('safety-alert').filter({ hasText: FAMILY });
	await untilShown(krystyna.page, async () => {
		await expect(headAlert).toHaveCount(1, { timeout: 2_000 });
	});
	await expect(
		krystyna.page.getByRole('heading', { name: /Zagrożenia bezpieczeństwa dziecka/ })
	).toBeVisible();
	await expect(headAlert).not.toContainText('07:15');
	await expectNoAxeViolations(krystyna.page);

	// The social worker gets a banner on "Moje rodziny" linking to the family.
	await piotr.page.goto('/rodziny');
	const workerAlert = piotr.page.getByTestId('safety-alert').filter({ hasText: FAMILY });
	await untilShown(piotr.page, async () => {
		await expect(workerAlert).toHaveCount(1, { timeout: 2_000 });
	});
	await expect(workerAlert.getByRole('link', { name: 'Otwórz akta rodziny' })).toHaveAttribute(
		'href',
		/\/rodzina\/sprawa\?id=/
	);

	// The kurator is not addressed, and cannot acknowledge someone else's alert.
	const kasia = await userContext(browser, KASIA);
	const kasiaList = await kasia.page.request.get('/api/alerts');
	expect(kasiaList.status()).toBe(200);
	expect(((await kasiaList.json()) as { alerts: unknown[] }).alerts).toEqual([]);
	const headList = (await (await krystyna.page.request.get('/api/alerts')).json()) as {
		alerts: { id: string; familyName: string }[];
	};
	const alertId = headList.alerts.find((a) => a.familyName === FAMILY)?.id ?? '';
	expect(alertId).not.toBe('');
	expect((await kasia.page.request.post(`/api/alerts/${alertId}/ack`)).status()).toBe(404);

	// Acknowledging removes it for the head, and it stays gone after a reload.
	await headAlert.getByRole('button', { name: 'Potwierdź zapoznanie się' }).click();
	await expect(headAlert).toHaveCount(0);
	await krystyna.page.reload();
	await expect(krystyna.page.getByTestId('safety-alerts')).toBeVisible();
	await expect(headAlert).toHaveCount(0);
	// …for the head only: the social worker still has it.
	await piotr.page.reload();
	await expect(workerAlert).toHaveCount(1);

	await anna.context.close();
	await krystyna.context.close();
	await piotr.context.close();
	await kasia.context.close();
});

test('[ZK1][ZK2][ZK3][ZK5][G5] closure refers to a final assessment document; the head accepts it and G5 passes', async ({
	browser
}) => {
	const anna = await userContext(browser, ANNA);
	const name = `Rodzina Zamykana ${Date.now() % 100000}`;
	await anna.page.getByRole('link', { name: '+ Nowa rodzina' }).click();
	await anna.page.getByLabel(/Nazwa rodziny/).fill(name);
	await anna.page
		.getByLabel('Pracownik socjalny rodziny')
		.selectOption({ label: 'Piotr Wiśniewski' });
	await anna.page.getByRole('button', { name: 'Załóż rodzinę' }).click();
	await expect(anna.page.getByRole('heading', { level: 1, name })).toBeVisible();
	const caseState = (p: Page) => p.getByTestId('case-state');
	const go = (p: Page, to: string) =>
		p.getByRole('button', { name: `Przejdź: ${to}`, exact: true }).click();

	// A member signs the consent; the family works under a court obligation (ZK5).
	await anna.page.getByRole('textbox', { name: 'Imię i nazwisko' }).last().fill('Ewa Zamykana');
	await anna.page.getByLabel('Relacja').last().selectOption('matka');
	await anna.page.getByRole('button', { name: 'Dodaj osobę' }).click();
	await anna.page
		.getByTestId('member')
		.first()
		.getByLabel('podpisuje plan (osoba dorosła)')
		.check();
	await anna.page.getByRole('checkbox', { name: 'Ewa Zamykana' }).check();
	await anna.page.getByRole('button', { name: 'Zarejestruj zgodę' }).click();
	await expect(anna.page.getByTestId('consent-current')).toBeVisible();
	await anna.page.getByRole('checkbox', { name: 'zobowiązanie sądu', exact: true }).check();
	await go(anna.page, 'Nawiązanie kontaktu');
	await expect(caseState(anna.page)).toHaveText('Nawiązanie kontaktu');

	await go(anna.page, 'W trakcie zakończenia');
	const closure = anna.page.getByRole('form', { name: 'Zakończenie pracy z rodziną' });
	await expect(closure.getByTestId('closure-court-reminder')).toContainText(
		'zawiadom sąd lub kuratora'
	);
	await closure.getByLabel('Przyczyna zakończenia').selectOption('PRZEPROWADZKA');
	// Without a final assessment the proposal is refused, and nothing typed is lost.
	await closure.getByRole('button', { name: 'Zaproponuj zakończenie' }).click();
	await expect(closure.getByRole('alert')).toHaveText('Utwórz ocenę końcową.');
	await expect(closure.getByLabel('Przyczyna zakończenia')).toHaveValue('PRZEPROWADZKA');
	await closure.getByRole('button', { name: 'Utwórz ocenę końcową' }).click();
	await expect(closure.getByTestId('final-assessment')).toBeVisible();
	const rec = richText(anna.page, 'Zalecenia');
	await rec.click();
	await anna.page.keyboard.type('Przekazać sprawę ośrodkowi w nowym miejscu zamieszkania.');
	await expect(rec).toContainText('nowym miejscu');
	// The monitoring plan needs its end date when it has a frequency.
	await closure.getByLabel('Częstotliwość').selectOption('co_kwartal');
	await closure.getByRole('button', { name: 'Zapisz plan monitoringu' }).click();
	await expect(closure.getByRole('alert')).toHaveText('Podaj, do kiedy trwa monitoring.');
	await closure.getByLabel('Monitoring do').fill(fromToday(200));
	await closure.getByRole('button', { name: 'Zapisz plan monitoringu' }).click();
	await expect(closure.getByRole('alert')).toHaveCount(0);
	await expectNoAxeViolations(anna.page);
	await closure.getByRole('button', { name: 'Zaproponuj zakończenie' }).click();
	await expect(caseState(anna.page)).toHaveText('W trakcie zakończenia');
	// [ZK2] The log names the final assessment by its hash.
	await expect(
		anna.page.getByTestId('case-event').filter({ hasText: 'Propozycja zakończenia' })
	).toContainText(/Propozycja zakończenia: .* — ocena końcowa \(SHA-256 [0-9a-f]{12}…\)/);
	await expectSaved(anna.page);
	const caseUrl = anna.page.url();

	// [ZK3][G5] The head, holding the referenced assessment, accepts by closing the case.
	const krystyna = await userContext(browser, KRYSTYNA);
	await krystyna.page.goto(caseUrl);
	await expect(caseState(krystyna.page)).toHaveText('W trakcie zakończenia');
	await expect(krystyna.page.getByTestId('closure-final-ref')).toContainText(
		/Ocena końcowa z dnia \d{2}\.\d{2}\.\d{4} \(SHA-256 [0-9a-f]{12}…\)/
	);
	await expect(krystyna.page.getByTestId('closure-final-changed')).toHaveCount(0);
	await go(krystyna.page, 'Monitorowanie');
	await expect(caseState(krystyna.page)).toHaveText('Monitorowanie');
	await expect(krystyna.page.getByTestId('guard-message')).toHaveCount(0);
	await expectSaved(krystyna.page);
	await expect(caseState(anna.page)).toHaveText('Monitorowanie');

	await anna.context.close();
	await krystyna.context.close();
});
