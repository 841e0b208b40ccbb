/**
 * [DV2][DV4] A shared laptop: two staff with their own logins on one browser profile. The second
 * never reads the first's local data (her copies are under her key and her database names), the
 * first's waiting change stays sealed on the device while the second works, and reaches the
 * server when she returns.
 */
import { expect, test, type Page } from './fixtures';
import {
	ANNA,
	PIOTR,
	actionDescription,
	encryptedDbNames,
	expectSaved,
	openFamily,
	signIn,
	syncIndicator,
	waitForServiceWorker
} from './pages/app';

test('[DV2][DV4] two users on one profile: the second never sees the first’s waiting change; it reaches the server when she returns', async ({
	page,
	context
}) => {
	const marker = `WSPOLNY${Date.now().toString(36).toUpperCase()}`;
	await signIn(page, ANNA);
	await waitForServiceWorker(page);
	await openFamily(page, /Rodzina Zielińskich/);
	await expectSaved(page);
	await context.setOffline(true);
	const field = actionDescription(page);
	await field.click();
	await field.press('Control+End');
	await field.pressSequentially(` ${marker}`);
	await field.press('Tab');
	await expect(syncIndicator(page)).toContainText('offline — 1 zmiana czeka');
	const annaDbs = await encryptedDbNames(page);

	// Signed out offline with the change waiting ("Wyloguj mimo to"), then Piotr signs in.
	await page.getByRole('button', { name: 'Wyloguj', exact: true }).click();
	await page.getByRole('button', { name: 'Wyloguj mimo to' }).click();
	await expect(page.getByLabel('E-mail')).toBeVisible();
	await context.setOffline(false);
	await signIn(page, PIOTR);
	await openFamily(page, /Rodzina Zielińskich/);
	await expectSaved(page);
	await expect(actionDescription(page)).not.toHaveValue(new RegExp(marker));
	// His copies are his own databases; hers are all still there, untouched.
	const now = await encryptedDbNames(page);
	for (const n of annaDbs) expect(now).toContain(n);
	expect(now.some((n) => !annaDbs.includes(n))).toBe(true);
	// Offline, his unlock opens his copy: still none of hers.
	await context.setOffline(true);
	await page.reload();
	const lock = page.getByTestId('lock-screen');
	await lock.getByLabel('Hasło').fill('asysta-demo');
	await lock.getByRole('button', { name: 'Odblokuj' }).click();
	await expect(lock).toBeHidden();
	await expect(actionDescription(page)).toBeVisible();
	await expect(actionDescription(page)).not.toHaveValue(new RegExp(marker));

	// Anna returns (online): her sealed change is still waiting and reaches the server.
	await context.setOffline(false);
	await page.getByRole('button', { name: 'Wyloguj', exact: true }).click();
	await expect(page.getByLabel('E-mail')).toBeVisible();
	await signIn(page, ANNA);
	await openFamily(page, /Rodzina Zielińskich/);
	await expect(actionDescription(page)).toHaveValue(new RegExp(`${marker}$`));
	await expectSaved(page);
	// The server has it: a fresh profile of Anna's sees it.
	const fresh = await page.context().browser()!.newContext();
	const other = await fresh.newPage();
	await signIn(other, ANNA);
	await openFamily(other, /Rodzina Zielińskich/);
	await expect(actionDescription(other)).toHaveValue(new RegExp(`${marker}$`));
	await fresh.close();
});

/** Yjs client ids in this profile's authoring logs (clear: clocks and times only), per user id. */
function authoringClients(page: Page): Promise<Record<string, number[]>> {
	return page.evaluate(() => {
		const out: Record<string, number[]> = {};
		for (let i = 0; i < localStorage.length; i++) {
			const k = localStorage.key(i) ?? '';
			const m = /^asysta:authoring:u:([^:]+):d:/.exec(k);
			if (!m) continue;
			const list = JSON.parse(localStorage.getItem(k) ?? '[]') as { client: number }[];
			out[m[1]] = [...new Set([...(out[m[1]] ?? []), ...list.map((r) => r.client)])];
		}
		return out;
	});
}

/** Every record of the named IndexedDB databases, as bytes (hex), to compare before and after. */
function dumpDbs(page: Page, names: string[]): Promise<Record<string, string[]>> {
	return page.evaluate(async (names) => {
		const out: Record<string, string[]> = {};
		for (const name of names) {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const r = indexedDB.open(name);
				r.onsuccess = () => resolve(r.result);
				r.onerror = () => reject(r.error);
			});
			const rows: string[] = [];
			for (const store of [...db.objectStoreNames]) {
				const values = await new Promise<unknown[]>((resolve, reject) => {
					const q = db.transaction(store).objectStore(store).getAll();
					q.onsuccess = () => resolve(q.result);
					q.onerror = () => reject(q.error);
				});
				for (const v of values)
					rows.push(
						v instanceof Uint8Array
							? [...v].map((b) => b.toString(16).padStart(2, '0')).join('')
							: JSON.stringify(v)
					);
			}
			db.close();
			out[name] = rows;
		}
		return out;
	}, names);
}

test('[DV2] two users on one profile write with their own Yjs client ids, and his work leaves her sealed copies byte for byte as they were', async ({
	page,
	context
}) => {
	await signIn(page, ANNA);
	await waitForServiceWorker(page);
	await openFamily(page, /Rodzina Zielińskich/);
	await expectSaved(page);
	const anna = ((await (await page.request.get('/api/session')).json()) as { user: { id: string } })
		.user.id;
	await context.setOffline(true);
	const field = actionDescription(page);
	await field.click();
	await field.press('Control+End');
	await field.pressSequentially(' (Anna offline)');
	await field.press('Tab');
	await expect(syncIndicator(page)).toContainText('offline — 1 zmiana czeka');
	await page.getByRole('button', { name: 'Wyloguj', exact: true }).click();
	await page.getByRole('button', { name: 'Wyloguj mimo to' }).click();
	await expect(page.getByLabel('E-mail')).toBeVisible();
	const annaDbs = await encryptedDbNames(page);
	const annaBefore = await dumpDbs(page, annaDbs);
	const annaClients = (await authoringClients(page))[anna];
	expect(annaClients?.length).toBeGreaterThan(0);

	await context.setOffline(false);
	await signIn(page, PIOTR);
	await openFamily(page, /Rodzina Zielińskich/);
	await expectSaved(page);
	const piotr = (
		(await (await page.request.get('/api/session')).json()) as { user: { id: string } }
	).user.id;
	await context.setOffline(true);
	const his = actionDescription(page);
	await his.click();
	await his.press('Control+End');
	await his.pressSequentially(' (Piotr offline)');
	await his.press('Tab');
	await expect(syncIndicator(page)).toContainText('offline — 1 zmiana czeka');
	const clients = await authoringClients(page);
	expect(clients[piotr]?.length).toBeGreaterThan(0);
	// Per user: no client id of his is one of hers (one Y.Doc per user's open, never shared).
	expect(clients[piotr].filter((c) => annaClients.includes(c))).toEqual([]);
	expect(clients[anna]).toEqual(annaClients);
	// His session never wrote (nor compacted) her databases: every record as it was.
	expect(await dumpDbs(page, annaDbs)).toEqual(annaBefore);
	await expect(his).not.toHaveValue(/Anna offline/);
});
