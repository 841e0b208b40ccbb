/**
 * [DV2] A family's encrypted copies on the device, as src/lib/device/user-store.ts lays them out:
 * the signed-in user's one database `asysta-y-<hash of user>`, and in it each document's records
 * under `[hash of user, document, epoch; seq]`. The hashes are computed here (in Node) while online.
 */
import type { Page } from '@playwright/test';

/** Where one family's copies live: the user's database and the documents' tags in it. */
export interface FamilyCopies {
	db: string;
	tags: string[];
}

/** The copies of one family (its documents and comment threads) for the signed-in user. */
export async function familyCopies(page: Page, familyId: string): Promise<FamilyCopies> {
	const { createHash } = await import('node:crypto');
	const tag = (s: string, n: number) =>
		createHash('sha256').update(`asysta:${s}`).digest('hex').slice(0, n);
	const user = ((await (await page.request.get('/api/session')).json()) as { user: { id: string } })
		.user.id;
	const families = (await (await page.request.get('/api/families')).json()) as {
		id: string;
		docs: Record<string, { name: string; epoch: number }>;
		comments?: Record<string, { name: string; epoch: number }>;
	}[];
	const f = families.find((x) => x.id === familyId);
	const docs = [...Object.values(f?.docs ?? {}), ...Object.values(f?.comments ?? {})];
	return {
		db: `asysta-y-${tag(`user:${user}`, 16)}`,
		tags: docs.map((d) => tag(`doc:${user}:${d.name}:e${d.epoch}`, 24))
	};
}

/**
 * Changes every record of the copies in place: `delete` removes them (as an eviction of those
 * documents would), `damage` flips one byte of each, `count` changes nothing. Returns how many
 * records there were.
 */
export function changeCopies(
	page: Page,
	copies: FamilyCopies,
	change: 'delete' | 'damage' | 'count'
): Promise<number> {
	return page.evaluate(
		async ({ db: name, tags, change }) => {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const r = indexedDB.open(name);
				r.onsuccess = () => resolve(r.result);
				r.onerror = () => reject(r.error);
			});
			if (!db.objectStoreNames.contains('records')) {
				db.close();
				return 0;
			}
			let n = 0;
			await new Promise<void>((resolve, reject) => {
				const tx = db.transaction('records', 'readwrite');
				const store = tx.objectStore('records');
				for (const tag of tags) {
					const c = store.openCursor(IDBKeyRange.bound([tag, -Infinity], [tag, Infinity]));
					c.onsuccess = () => {
						const cur = c.result;
						if (!cur) return;
						n++;
						if (change === 'delete') cur.delete();
						else if (change === 'damage') {
							const v = new Uint8Array(cur.value as Uint8Array);
							v[v.length - 3] ^= 0xff;
							cur.update(v);
						}
						cur.continue();
					};
				}
				tx.oncomplete = () => resolve();
				tx.onerror = () => reject(tx.error);
			});
			db.close();
			return n;
		},
		{ ...copies, change }
	);
}
