/**
 * The device's copy of a document when the server refused its writes (read-only, RM7): export
 * what the server does not have, or delete the copy so the document reopens from the server.
 */
import * as Y from 'yjs';

/**
 * What the device holds that the server does not: the diverging changes as a Yjs update (base64)
 * and the whole local content, readable. Data only; the file a user keeps is worded by
 * state/labels/local-changes-file.ts.
 */
export interface LocalChanges {
	docName: string;
	/** ISO time of the export. */
	exportedAt: string;
	/** The changes the server lacks, `Y.encodeStateAsUpdate` against its snapshot, base64. */
	update: string;
	/** The device's whole copy as plain JSON. */
	content: Record<string, unknown>;
}

/** The changes of `doc` the server's snapshot lacks (all of it when no snapshot is known). */
export function localChanges(
	doc: Y.Doc,
	docName: string,
	serverSnapshot: Y.Snapshot | null,
	now = new Date()
): LocalChanges {
	const sv = serverSnapshot ? Y.encodeStateVector(serverSnapshot.sv) : undefined;
	const update = Y.encodeStateAsUpdate(doc, sv);
	let binary = '';
	for (const b of update) binary += String.fromCharCode(b);
	return { docName, exportedAt: now.toISOString(), update: btoa(binary), content: doc.toJSON() };
}

/**
 * Deletes an IndexedDB database and waits for the outcome: `success`, or `blocked` when another
 * tab still holds it open (the deletion then completes once that tab closes it). lib0's deleteDB
 * ignores `onblocked` and would hang in that case.
 */
export function deleteLocalDatabase(name: string): Promise<'deleted' | 'blocked'> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.deleteDatabase(name);
		req.onsuccess = () => resolve('deleted');
		req.onblocked = () => resolve('blocked');
		req.onerror = () => reject(req.error ?? new Error('deleteDatabase failed'));
	});
}
