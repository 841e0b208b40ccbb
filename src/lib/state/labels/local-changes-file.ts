/**
 * [RM7] The file a user keeps of the changes the server refused: the sync layer's data
 * (sync/local-copy.ts) under Polish keys, with a note saying what each part is.
 */
import type { LocalChanges } from '$lib/sync/local-copy';
import { m } from '$lib/paraglide/messages.js';

/** The JSON text of the download and of the copy shown on the page. */
export function localChangesFile(c: LocalChanges): string {
	return JSON.stringify(
		{
			dokument: c.docName,
			wyeksportowano: c.exportedAt,
			uwaga: m.common_local_changes_note(),
			zmiany: c.update,
			zawartosc: c.content
		},
		null,
		2
	);
}
