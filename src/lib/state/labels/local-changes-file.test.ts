import { describe, expect, it } from 'vitest';
import { localChangesFile } from './local-changes-file';

describe('the file of changes the server refused', () => {
	it('[RM7] keeps every part under its Polish key, with the note saying what each is', () => {
		const json = JSON.parse(
			localChangesFile({
				docName: 'rodzina-x-plan',
				exportedAt: '2025-01-01T00:00:00.000Z',
				update: 'AQID',
				content: { notes: 'HACK hello' }
			})
		) as Record<string, unknown>;
		expect(json).toEqual({
			dokument: 'rodzina-x-plan',
			wyeksportowano: '2025-01-01T00:00:00.000Z',
			uwaga: expect.stringMatching(/serwer nie przyjął/),
			zmiany: 'AQID',
			zawartosc: { notes: 'HACK hello' }
		});
	});
});
