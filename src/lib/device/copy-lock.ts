/**
 * [RM7][DV2] Which tabs hold a document's copy open. With one database per user, dropping a
 * document's copy is a range deletion that nothing blocks, yet a tab still holding the document
 * would write its content back (its next update, its compaction). So each open copy holds a
 * shared Web Lock named by the document's tag (a hash), and a discard waits for the exclusive
 * lock: at once when no other tab holds the copy, else once they close it — what a blocked
 * `deleteDatabase` did in the per-document layout. In this page, an open of a copy whose discard
 * is waiting waits for it, so it reads the store after the deletion.
 */

const discarding = new Map<string, Promise<void>>();

function lockName(dbName: string, tag: string): string {
	return `asysta-copy:${dbName}:${tag}`;
}

function locks(): LockManager | null {
	return typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null;
}

/** Holds the copy open for other tabs' discards; the release resolves once the lock is free. */
export function holdCopy(dbName: string, tag: string): () => Promise<void> {
	const lm = locks();
	if (!lm) return () => Promise.resolve();
	let release: (() => void) | null = null;
	let released = false;
	const held = lm
		.request(lockName(dbName, tag), { mode: 'shared' }, () =>
			released ? undefined : new Promise<void>((r) => (release = r))
		)
		.then(
			() => {},
			() => {}
		);
	return () => {
		released = true;
		release?.();
		return held;
	};
}

/** A discard of this copy still waiting in this page (an open waits for it). */
export function discardOf(dbName: string, tag: string): Promise<void> | undefined {
	return discarding.get(lockName(dbName, tag));
}

/**
 * Runs `drop` once no tab holds the copy: `deleted` when it ran now, `blocked` when another tab
 * holds it (then it runs once that tab closes the copy).
 */
export function whenCopyFree(
	dbName: string,
	tag: string,
	drop: () => Promise<void>
): Promise<'deleted' | 'blocked'> {
	const lm = locks();
	if (!lm) return drop().then(() => 'deleted');
	const name = lockName(dbName, tag);
	return new Promise((resolve, reject) => {
		lm.request(name, { mode: 'exclusive', ifAvailable: true }, async (lock) => {
			if (lock) return drop().then(() => resolve('deleted'), reject);
			const later = lm
				.request(name, { mode: 'exclusive' }, () => drop())
				.catch((e: unknown) => console.warn('Asysta: usunięcie kopii nie powiodło się', e))
				.finally(() => {
					if (discarding.get(name) === later) discarding.delete(name);
				});
			discarding.set(name, later);
			resolve('blocked');
		}).catch(reject);
	});
}
