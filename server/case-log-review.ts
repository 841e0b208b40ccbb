/**
 * [CE8] Reads the stored case log of a core document entry by entry, removed entries included,
 * with the user each entry's Yjs client id is bound to (RM16), and reviews it for the head
 * (src/lib/domain/case-log-review.ts). Entries the server refuses today never reach the log;
 * this names those that reached it before the server checked, so the head never trusts them
 * silently.
 */
import * as Y from 'yjs';
import { reviewCaseLog, type StoredCaseEntry } from '../src/lib/domain/case-log-review.js';
import {
	staffRolesOf,
	storeCaseLogReview,
	unreviewedCoreDocs
} from '../src/lib/server/case-log-reviews.js';
import type { Sql } from '../src/lib/server/sql.js';
import {
	coreDocsWithoutCourtOrders,
	projectCourtOrders
} from '../src/lib/server/case-projection.js';
import { readCore } from '../src/lib/sync/core-doc.js';
import { coreRoots } from '../src/lib/sync/doc-schema.js';
import { applyStoredState } from './stored-state.js';
import type { DocStore } from './store/doc-store.js';

/** Every position of the document's case log, in log order. */
export function storedCaseEntries(
	doc: Y.Doc,
	owners: ReadonlyMap<number, string>,
	staffRoleOf: (userId: string) => string | null
): StoredCaseEntry[] {
	const entries: StoredCaseEntry[] = [];
	const writerOf = (client: number) => {
		const userId = owners.get(client);
		const staffRole = userId ? staffRoleOf(userId) : null;
		return userId && staffRole ? { userId, staffRole } : null;
	};
	for (let item = coreRoots(doc).caseEvents._start; item; item = item.right) {
		if (!item.countable) continue;
		const writer = writerOf(item.id.client);
		if (item.deleted) {
			for (let i = 0; i < item.length; i++) entries.push({ removed: true, writer });
		} else {
			for (const raw of item.content.getContent()) entries.push({ removed: false, raw, writer });
		}
	}
	return entries;
}

/** Stands for a writer's staff role while the log is read; the real ones are read after. */
const ROLE_READ_LATER = '?';

/**
 * Reads the family's stored case log now and returns the write of its review for the head's view.
 * The writers' staff roles are read with the write, in one statement, so the document itself is
 * read without waiting (it may be gone by then).
 */
export function reviewStoredCaseLog(
	sql: Sql,
	familyId: string,
	doc: Y.Doc,
	owners: ReadonlyMap<number, string>,
	backfill = false
): () => Promise<void> {
	const read = storedCaseEntries(doc, owners, () => ROLE_READ_LATER);
	return async () => {
		const ids = [...new Set(read.flatMap((e) => (e.writer ? [e.writer.userId] : [])))];
		const roles = await staffRolesOf(sql, ids);
		const entries = read.map((e): StoredCaseEntry => {
			const staffRole = e.writer ? roles.get(e.writer.userId) : undefined;
			return { ...e, writer: e.writer && staffRole ? { ...e.writer, staffRole } : null };
		});
		await storeCaseLogReview(sql, familyId, reviewCaseLog(entries), { backfill });
	};
}

/**
 * Reviews, one after another in the background, the core documents never reviewed — those
 * stored before this review existed and not opened since. [ST3] The same pass projects the core
 * documents whose projection predates the court orders' types, so a kurator's grant (tied to a
 * court order) is judged from the case log and not from a row written before. `stop()` ends it
 * between documents (before the database closes); `done` settles when it ends.
 */
export function reviewUnreviewedCaseLogs(
	sql: Sql,
	store: DocStore,
	log: (msg: string) => void
): { done: Promise<void>; stop: () => void } {
	let stopped = false;
	const done = (async () => {
		const unreviewed = await unreviewedCoreDocs(sql);
		const unprojected = await coreDocsWithoutCourtOrders(sql);
		const review = new Set(unreviewed.map((d) => d.docName));
		const reproject = new Set(unprojected.map((d) => d.docName));
		const todo = new Map([...unreviewed, ...unprojected].map((d) => [d.docName, d])).values();
		for (const { docName, familyId } of todo) {
			// Yield between documents: users' requests and sockets come first.
			await new Promise<void>((resolve) => setImmediate(resolve));
			if (stopped) return;
			try {
				const loaded = await store.load(docName);
				if (stopped) return;
				const doc = new Y.Doc();
				applyStoredState(doc, loaded);
				const owners = new Map(loaded.clients.map((c) => [c.clientId, c.userId]));
				const writeReview = review.has(docName)
					? reviewStoredCaseLog(sql, familyId, doc, owners, true)
					: null;
				const view = reproject.has(docName) ? readCore(doc).caseView : null;
				doc.destroy();
				await writeReview?.();
				if (view) await projectCourtOrders(sql, familyId, view);
			} catch (err) {
				// Derived data: a document that cannot be reviewed now is reviewed when it is opened.
				log(`Asysta: reviewing the case log of ${docName} failed: ${String(err)}`);
			}
		}
	})();
	return { done, stop: () => void (stopped = true) };
}
