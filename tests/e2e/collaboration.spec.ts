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

test('[SY1] two users co-edit one work plan live and see each other present', async ({
	browser
}) => {
	const anna = await userContext(browser, ANNA);
	const piotr = await userContext(browser, PIOTR);
	await openFamily(anna.page, /Rodzina Kowalskich/);
	const url = new URL(anna.page.url());
	await piotr.page.goto(url.pathname + url.search);
	await expect(piotr.page.getByTestId('action').first()).toBeVisible();

	// Presence: each sees the other, by the name the server set from the session.
	await expect(piotr.page.getByTestId('presence')).toContainText('Anna');
	await expect(anna.page.getByTestId('presence')).toContainText('Piotr');

	const field = actionDescription(anna.page);
	await field.click();
	await field.press('Control+End');
	await field.pressSequentially(' — uzgodnione na spotkaniu');
	await expect(actionDescription(piotr.page)).toHaveValue(/uzgodnione na spotkaniu$/);
	await expectSaved(anna.page);

	// A new goal added by Piotr appears at Anna's.
	const goalsBefore = await anna.page.getByTestId('goal').count();
	await piotr.page.getByRole('button', { name: 'Dodaj cel' }).click();
	await expect(anna.page.getByTestId('goal')).toHaveCount(goalsBefore + 1);
	await expectSaved(piotr.page);
	await expect(syncIndicator(piotr.page)).toBeVisible();

	await anna.context.close();
	await piotr.context.close();
});

test('[SY1][SY4] edits made offline on two devices, in the plan’s notes (a narrative), both survive reconnect', async ({
	browser
}) => {
	const anna = await userContext(browser, ANNA);
	const piotr = await userContext(browser, PIOTR);
	await openFamily(anna.page, /Rodzina Kowalskich/);
	const url = new URL(anna.page.url());
	await piotr.page.goto(url.pathname + url.search);
	const notes = (page: typeof anna.page) =>
		page.getByRole('textbox', { name: 'Notatki', exact: true });
	await notes(anna.page).click();
	await notes(anna.page).press('Control+End');
	await notes(anna.page).pressSequentially(' Notatka wspólna.');
	await expect(notes(piotr.page)).toHaveValue(/Notatka wspólna\.$/);
	await expectSaved(anna.page);
	await expectSaved(piotr.page);

	await anna.context.setOffline(true);
	await piotr.context.setOffline(true);
	await expect(syncIndicator(anna.page)).toHaveAttribute('data-sync-state', 'offline');

	const a = notes(anna.page);
	await a.click();
	await a.press('Control+End');
	await a.pressSequentially(' [Anna offline]');
	const p = notes(piotr.page);
	await p.click();
	await p.press('Control+Home');
	await p.pressSequentially('[Piotr offline] ');
	await piotr.page
		.getByTestId('action')
		.first()
		.getByLabel('Przewidywany efekt')
		.fill('Efekt ustalony przez Piotra');

	// The waiting count is honest while offline.
	await expect(syncIndicator(anna.page)).toContainText(/offline — \d+ zmia/);
	await expect(syncIndicator(anna.page)).not.toHaveAttribute('data-sync-state', 'saved');

	await anna.context.setOffline(false);
	await piotr.context.setOffline(false);
	for (const page of [anna.page, piotr.page]) {
		await expect(notes(page)).toHaveValue(/^\[Piotr offline\] [\s\S]* \[Anna offline\]$/);
		await expect(page.getByTestId('action').first().getByLabel('Przewidywany efekt')).toHaveValue(
			'Efekt ustalony przez Piotra'
		);
		await expectSaved(page);
	}
	await anna.context.close();
	await piotr.context.close();
});
