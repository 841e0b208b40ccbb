/**
 * The device's copy of a document when the server refused its writes (read-only, RM7): export
 * what the server does not have, or delete the copy so the document reopens from the server.
 */
import * as Y from 'yjs';

/** JSON a user can keep: the diverging changes as a Yjs update, and the local content readable. */
export function exportDivergence(
	doc: Y.Doc,
	docName: string,
	serverSnapshot: Y.Snapshot | null,
	now = new Date()
): string {
	const sv = serverSnapshot ? Y.encodeStateVector(serverSnapshot.sv) : undefined;
	const update = Y.encodeStateAsUpdate(doc, sv);
	let binary = '';
	for (const b of update) binary += String.fromCharCode(b);
	return JSON.stringify(
		{
			dokument: docName,
			wyeksportowano: now.toISOString(),
			uwaga:
				'Zmiany z tego urządzenia, których serwer nie przyjął (dostęp tylko do odczytu). ' +
				'„zmiany” to aktualizacja Yjs (base64); „zawartość” to cała kopia z urządzenia.',
			zmiany: btoa(binary),
			zawartosc: doc.toJSON()
		},
		null,
		2
	);
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
