import { expect, test, type Page } from './fixtures';
import { ANNA, actionDescription, openFamily, userContext } from './pages/app';

const KASIA = 'kasia.kurator@demo.local';

/** Opens a raw socket to a document from the page and reports how it ended. */
function trySocket(page: Page, docName: string) {
	return page.evaluate(
		(name) =>
			new Promise<{ code: number; messages: number }>((resolve) => {
				const ws = new WebSocket(`ws://${location.host}/sync/${name}`);
				let messages = 0;
				ws.onmessage = () => messages++;
				ws.onclose = (e) => resolve({ code: e.code, messages });
			}),
		docName
	);
}

test('[AC6][AC4][AC3] the kurator comments on a plan action, cannot edit it nor open the ZI compartment; the assistant sees the remark live', async ({
	browser
}) => {
	const anna = await userContext(browser, ANNA);
	const kasia = await userContext(browser, KASIA);
	await openFamily(anna.page, 'Rodzina Kowalskich');
	const url = new URL(anna.page.url());
	const familyId = url.searchParams.get('id') ?? '';
	await kasia.page.goto(url.pathname + url.search);
	await expect(kasia.page.getByTestId('action').first()).toBeVisible();

	// Cannot edit: the fields are read-only and typing changes nothing.
	const field = actionDescription(kasia.page);
	await expect(field).toHaveAttribute('readonly', '');
	const before = await field.inputValue();
	await field.click();
	await field.press('End');
	await field.pressSequentially(' zmiana kuratora');
	await expect(field).toHaveValue(before);
	await expect(kasia.page.getByText(/tylko do odczytu \(komentowanie\)/)).toBeVisible();

	// The violence compartment exists for her only as a name; the server sends it no byte.
	await expect(kasia.page.getByTestId('restricted')).toContainText('Niebieska Karta (ZI)');
	expect(await trySocket(kasia.page, `rodzina-${familyId}-violence`)).toEqual({
		code: 4403,
		messages: 0
	});

	// A remark tied to the first action, seen live by the assistant.
	const kAction = kasia.page.getByTestId('action').first();
	await kAction.getByRole('button', { name: 'Uwagi (0)' }).click();
	await kAction.getByLabel('Nowa uwaga').fill('Proszę o termin spotkania z kuratorem.');
	await kAction.getByRole('button', { name: 'Dodaj uwagę' }).click();
	await expect(kAction.getByTestId('remark')).toContainText('Proszę o termin spotkania');
	const aAction = anna.page.getByTestId('action').first();
	await expect(aAction.getByRole('button', { name: 'Uwagi (1)' })).toBeVisible({ timeout: 5000 });
	await aAction.getByRole('button', { name: 'Uwagi (1)' }).click();
	await expect(aAction.getByTestId('remark')).toContainText('Kasia Lewandowska');

	// The assistant revokes the kurator's grant: her open plan is refused at once.
	await anna.page.goto(`/rodzina/dostep?id=${familyId}`);
	anna.page.on('dialog', (d) => void d.accept());
	await anna.page.getByRole('button', { name: 'Odbierz dostęp: Kasia Lewandowska' }).click();
	await expect(kasia.page.getByText('Brak dostępu do tego dokumentu.')).toBeVisible({
		timeout: 5000
	});
	await expect(anna.page.getByTestId('audit')).toContainText('odebranie dostępu');

	await anna.context.close();
	await kasia.context.close();
});
