import { describe, expect, it } from 'vitest';
import { describeSync, pendingChangesPl } from './sync-text';

describe('describeSync', () => {
	it('[SY-SAVE8] shows exactly the documented states', () => {
		expect(describeSync({ connected: false, refused: null, pending: 5, saved: false })).toEqual({
			kind: 'offline',
			text: 'offline — 5 zmian czeka',
			pending: 5
		});
		expect(describeSync({ connected: false, refused: null, pending: 0, saved: true }).text).toBe(
			'offline — wszystko zapisane na serwerze'
		);
		expect(
			describeSync({ connected: true, refused: null, pending: 1, saved: false })
		).toMatchObject({
			kind: 'syncing',
			text: 'synchronizuję…'
		});
		expect(describeSync({ connected: true, refused: null, pending: 0, saved: true })).toMatchObject(
			{
				kind: 'saved',
				text: 'zapisane na serwerze'
			}
		);
		expect(
			describeSync({ connected: true, refused: 'Brak dostępu.', pending: 0, saved: true }).kind
		).toBe('refused');
	});

	it('[SY-SAVE8][SY8] says the waiting count in Polish plural forms', () => {
		expect(describeSync({ connected: false, refused: null, pending: 2, saved: false }).text).toBe(
			'offline — 2 zmiany czekają'
		);
	});

	it('[SY-SAVE9] "synced" alone (connected, server state arrived) is never "saved" with local changes', () => {
		expect(describeSync({ connected: true, refused: null, pending: 3, saved: false }).kind).toBe(
			'syncing'
		);
	});
});

describe('[SY8] the waiting count counts changes, not keystrokes', () => {
	it('[SY8] Polish plural forms for 1, 2, 3, 5, 12, 22', () => {
		expect(pendingChangesPl(1)).toBe('1 zmiana czeka');
		expect(pendingChangesPl(2)).toBe('2 zmiany czekają');
		expect(pendingChangesPl(3)).toBe('3 zmiany czekają');
		expect(pendingChangesPl(5)).toBe('5 zmian czeka');
		expect(pendingChangesPl(12)).toBe('12 zmian czeka');
		expect(pendingChangesPl(22)).toBe('22 zmiany czekają');
		const offline = (n: number) =>
			describeSync({ connected: false, refused: null, pending: n, saved: false }).text;
		expect(offline(1)).toBe('offline — 1 zmiana czeka');
		expect(offline(3)).toBe('offline — 3 zmiany czekają');
		expect(offline(5)).toBe('offline — 5 zmian czeka');
	});
});

describe('[SY7] a document never on this device', () => {
	it('[SY7] is never "zapisane na serwerze", offline or online', () => {
		const absent = { refused: null, pending: 0, saved: true, absent: true };
		const off = describeSync({ ...absent, connected: false });
		const on = describeSync({ ...absent, connected: true });
		expect(off.text).toBe('nie pobrano na to urządzenie');
		expect(on.kind).toBe('syncing');
		expect(`${off.text} ${on.text}`).not.toMatch(/zapisane/);
	});
});
