import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { localChanges } from './local-copy';

describe('export of changes the server refused', () => {
	it('[RM7] the export carries exactly what the server does not have, and the readable copy', () => {
		const server = new Y.Doc();
		server.getText('notes').insert(0, 'hello');
		const device = new Y.Doc();
		Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
		device.getText('notes').insert(0, 'HACK ');
		const data = localChanges(
			device,
			'rodzina-x-plan',
			Y.snapshot(server),
			new Date('2025-01-01T00:00:00Z')
		);
		expect((data.content as { notes: string }).notes).toBe('HACK hello');
		expect(data.exportedAt).toBe('2025-01-01T00:00:00.000Z');
		const diff = Uint8Array.from(atob(data.update), (c) => c.charCodeAt(0));
		Y.applyUpdate(server, diff);
		expect(server.getText('notes').toString()).toBe('HACK hello');
		expect(diff.length).toBeLessThan(Y.encodeStateAsUpdate(device).length);
	});
});
