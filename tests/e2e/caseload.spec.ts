/**
 * Issue 12: the whole caseload on the device before the visit, and a sync state that never lies.
 * Real Chromium, the real service worker, the demo server; offline is the browser's own.
 *
 * Past 250 lines on purpose: the two promises (the whole caseload on the device, a sync
 * state that never lies) read in one file; the SY7 walks share the helpers that set what the
 * device shows offline beside what the server lists.
 */
import { expect, test, type Page } from './fixtures';
import {
	ANNA,
	DEMO_PASSWORD,
	expectSaved,
	forgetFamilyOffline,
	gotoLocked,
	signIn,
	syncIndicator,
	waitForServiceWorker
} from './pages/app';

interface Family {
	id: string;
	name: string;
}

/** The user's families as the server lists them (the context's cookie is the session). */
const DEMO_FAMILIES = ['Rodzina Kowalskich', 'Rodzina Zielińskich'];

async function familiesOf(page: Page, email: string): Promise<Family[]> {
	const login = await page.request.post('/api/session', {
		data: { email, password: DEMO_PASSWORD }
	});
	expect(login.ok()).toBe(true);
	const res = await page.request.get('/api/families');
	const all = ((await res.json()) as Family[]).map(({ id, name }) => ({ id, name }));
	// Other specs add families to the caseload (empty plans); the demo's, with plans, come first
	// so a test that needs a plan with actions picks one whatever ran before it.
	const seeded = (f: Family) => (DEMO_FAMILIES.includes(f.name) ? 0 : 1);
	return all.sort((a, b) => seeded(a) - seeded(b));
}

/** Signs in through the form and lands on `next`, never passing through "Moje rodziny". */
async function signInTo(page: Page, email: string, next: string): Promise<void> {
	await page.goto(`/logowanie?next=${encodeURIComponent(next)}`);
	await page.getByLabel('E-mail').fill(email);
	await page.getByLabel('Hasło').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: /zaloguj/i }).click();
	await expect(page).toHaveURL((u) => u.pathname + u.search === next);
}

/** What the server holds of a family, read in a fresh online browser context. */
interface Content {
	goals: string[];
	actions: string[];
	stage: string;
	visits: number;
}

async function contentOf(page: Page, family: Family): Promise<Content> {
	await page.goto(`/rodzina?id=${family.id}`);
	await expectSaved(page);
	// A family another spec created may have no plan yet: its empty state is its content.
	await expect(
		page.getByTestId('action').first().or(page.getByText('Plan nie ma jeszcze celów'))
	).toBeVisible();
	const goals = await page
		.getByTestId('goal')
		.getByLabel('Tytuł celu')
		.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
	const actions = await page
		.getByTestId('action')
		.getByLabel('Opis działania')
		.evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
	await page.goto(`/rodzina/sprawa?id=${family.id}`);
	const stage = (await page.getByTestId('case-state').innerText()).trim();
	await page.goto(`/rodzina/wizyty?id=${family.id}`);
	await expect(page.getByRole('heading', { level: 1, name: family.name })).toBeVisible();
	await expectSaved(page);
	const visits = await page.getByTestId('visit').count();
	return { goals, actions, stage, visits };
}

test('[SY7] signed in straight to one family, the whole caseload is on the device and opens offline', async ({
	page,
	context,
	browser
}) => {
	test.setTimeout(180_000); // two devices walk every section of every family
	const list = await familiesOf(page, ANNA);
	expect(list.length).toBeGreaterThanOrEqual(2);
	const [first, ...others] = list;

	// What the server holds, seen by another device online.
	const other = await browser.newContext();
	const probe = await other.newPage();
	await signIn(probe, ANNA);
	const expected = new Map<string, Content>();
	for (const f of list) expected.set(f.id, await contentOf(probe, f));
	await other.close();

	await signInTo(page, ANNA, `/rodzina?id=${first.id}`);
	await waitForServiceWorker(page);
	await expect(page.getByTestId('action').first()).toBeVisible();
	// Stays on the family's page until the caseload is ready; "Moje rodziny" never opened.
	await expect(page.getByTestId('caseload-progress')).toHaveAttribute('data-state', 'ready', {
		timeout: 30_000
	});

	await context.setOffline(true);
	for (const f of [...others, first]) {
		const want = expected.get(f.id) as Content;
		// [DV5] Each full load offline asks for the password.
		await gotoLocked(page, `/rodzina?id=${f.id}`);
		await expect(page.getByTestId('action')).toHaveCount(want.actions.length);
		const actions = await page
			.getByTestId('action')
			.getByLabel('Opis działania')
			.evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
		expect(actions).toEqual(want.actions);
		const goals = await page
			.getByTestId('goal')
			.getByLabel('Tytuł celu')
			.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
		expect(goals).toEqual(want.goals);
		await expect(page.getByTestId('not-on-device')).toHaveCount(0);
		await expect(syncIndicator(page)).toContainText('offline — wszystko zapisane na serwerze');

		await gotoLocked(page, `/rodzina/sprawa?id=${f.id}`);
		await expect(page.getByTestId('case-state')).toHaveText(want.stage);
		await gotoLocked(page, `/rodzina/wizyty?id=${f.id}`);
		await expect(page.getByRole('heading', { level: 1, name: f.name })).toBeVisible();
		await expect(page.getByTestId('not-on-device')).toHaveCount(0);
		await expect(page.getByTestId('visit')).toHaveCount(want.visits);
	}

	// "Moje rodziny" offline: every card ready, stage as on the server.
	await gotoLocked(page, '/rodziny');
	for (const f of list) {
		const card = page.getByTestId('family').filter({ hasText: f.name });
		await expect(card.getByTestId('family-ready')).toHaveText(
			/^gotowa bez sieci, stan z \d{1,2}\.\d{2}, \d{2}:\d{2}$/
		);
		await expect(card.getByTestId('family-state')).toHaveText(
			(expected.get(f.id) as Content).stage
		);
	}
	// The meter counts cases from assignment to closure (CS2): not a family another spec closed.
	const counted = list.filter(
		(f) => !['Zamknięta', 'Monitorowanie'].includes((expected.get(f.id) as Content).stage)
	);
	await expect(page.getByTestId('caseload')).toContainText(`${counted.length} / `);
});

test('[SY7] a family never downloaded to this device says so offline and is not an empty editable plan', async ({
	page,
	context
}) => {
	const list = await familiesOf(page, ANNA);
	const [first, absent] = list;
	await signInTo(page, ANNA, `/rodzina?id=${first.id}`);
	await waitForServiceWorker(page);
	await expect(page.getByTestId('caseload-progress')).toHaveAttribute('data-state', 'ready', {
		timeout: 30_000
	});

	// Offline, this device forgets the second family's documents, as if never downloaded.
	await forgetFamilyOffline(page, context, absent.id);

	await gotoLocked(page, '/rodziny');
	const card = page.getByTestId('family').filter({ hasText: absent.name });
	await expect(card.getByTestId('family-ready')).toHaveText('nie pobrano na to urządzenie');
	await expect(card).not.toContainText('zapisane na serwerze');
	await expect(
		page.getByTestId('family').filter({ hasText: first.name }).getByTestId('family-ready')
	).toHaveText(/^gotowa bez sieci/);

	await gotoLocked(page, `/rodzina?id=${absent.id}`);
	await expect(page.getByTestId('not-on-device')).toBeVisible();
	await expect(page.getByTestId('not-on-device')).toContainText('nigdy nie pobrało');
	await expect(page.getByRole('button', { name: 'Dodaj cel' })).toHaveCount(0);
	await expect(page.getByText('Plan nie ma jeszcze celów')).toHaveCount(0);
	await expect(syncIndicator(page)).toHaveText('nie pobrano na to urządzenie');
	for (const section of ['sprawa', 'wizyty']) {
		await gotoLocked(page, `/rodzina/${section}?id=${absent.id}`);
		await expect(page.getByTestId('not-on-device')).toBeVisible();
		await expect(syncIndicator(page)).not.toContainText('zapisane na serwerze');
	}

	// Online again, the plan fetches by itself and shows the server's content.
	await gotoLocked(page, `/rodzina?id=${absent.id}`);
	await expect(page.getByTestId('not-on-device')).toBeVisible();
	await context.setOffline(false);
	await expect(page.getByTestId('action').first()).toBeVisible();
	await expect(page.getByTestId('not-on-device')).toHaveCount(0);
	await expectSaved(page);
});

test('[SY7] navigator.storage.persist() is asked once per device, not per page load', async ({
	page,
	context
}) => {
	await context.addInitScript(() => {
		const storage = navigator.storage;
		const real = storage.persisted.bind(storage);
		const ask = storage.persist.bind(storage);
		storage.persisted = () => real();
		storage.persist = () => {
			const n = Number(localStorage.getItem('test:persist-asked') ?? '0');
			localStorage.setItem('test:persist-asked', String(n + 1));
			return ask();
		};
	});
	await signIn(page, ANNA);
	await page.getByTestId('family').first().getByRole('link').first().click();
	await expect(page.getByTestId('action').first()).toBeVisible();
	await page.reload();
	await expect(page.getByTestId('action').first()).toBeVisible();
	await page.goto('/rodziny');
	await expect(page.getByTestId('caseload-progress')).toHaveAttribute('data-state', 'ready', {
		timeout: 30_000
	});
	expect(await page.evaluate(() => localStorage.getItem('test:persist-asked'))).toBe('1');
});

test('[SY8] the waiting count counts changed fields, in Polish plural forms', async ({
	page,
	context
}) => {
	test.setTimeout(120_000); // typing key by key on a shared machine
	await signIn(page, ANNA);
	await page
		.getByTestId('family')
		.filter({ hasText: 'Kowalskich' })
		.getByRole('link')
		.first()
		.click();
	await expect(page.getByTestId('action').first()).toBeVisible();
	await expectSaved(page);
	await context.setOffline(true);

	const actions = page.getByTestId('action');
	const fields = [
		actions.nth(0).getByLabel('Opis działania'),
		actions.nth(1).getByLabel('Opis działania'),
		actions.nth(2).getByLabel('Opis działania'),
		actions.nth(0).getByLabel('Przewidywany efekt'),
		actions.nth(1).getByLabel('Przewidywany efekt')
	];
	const typeInto = async (i: number) => {
		await fields[i].click();
		await fields[i].press('End');
		await fields[i].pressSequentially(' (uzupełnione bez sieci)');
	};
	await typeInto(0);
	await expect(syncIndicator(page)).toHaveText('offline — 1 zmiana czeka');
	await typeInto(0); // the same field again: still one change
	await expect(syncIndicator(page)).toHaveText('offline — 1 zmiana czeka');
	await typeInto(1);
	await expect(syncIndicator(page)).toHaveText('offline — 2 zmiany czekają');
	await typeInto(2);
	await expect(syncIndicator(page)).toHaveText('offline — 3 zmiany czekają');
	await typeInto(3);
	await typeInto(4);
	await expect(syncIndicator(page)).toHaveText('offline — 5 zmian czeka');

	await context.setOffline(false);
	await expectSaved(page);
});

test('[SY9] a kurator with a comment grant who changed nothing sees no refusal tray', async ({
	page
}) => {
	await signIn(page, 'kasia.kurator@demo.local');
	await page.getByTestId('family').first().getByRole('link').first().click();
	await expect(page.getByTestId('action').first()).toBeVisible();
	await expectSaved(page);
	await page.reload();
	await expect(page.getByTestId('action').first()).toBeVisible();
	await expectSaved(page);
	await expect(page.getByText('Serwer nie przyjął')).toHaveCount(0);
	await expect(page.getByTestId('read-only-notice')).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Odrzuć zmiany z tego urządzenia' })).toHaveCount(
		0
	);
});
