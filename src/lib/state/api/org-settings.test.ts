import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '$lib/domain/settings';
import { OrgSettingsState } from './org-settings.svelte';
import { MemoryStorage } from '$lib/sync/test-support';

let storage: MemoryStorage;
const answer = (status: number, body: unknown) =>
	vi.fn(async () => new Response(JSON.stringify(body), { status }));
const offline = vi.fn(async () => {
	throw new TypeError('Failed to fetch');
});

beforeEach(() => {
	storage = new MemoryStorage();
	vi.stubGlobal('window', { localStorage: storage });
});
afterEach(() => vi.unstubAllGlobals());

describe('organisation settings on the device', () => {
	it('[OS4] nothing ever fetched: the defaults; offline they stay', async () => {
		const s = new OrgSettingsState();
		s.showCached('u1');
		vi.stubGlobal('fetch', offline);
		expect(await s.load('u1')).toBe('unreachable');
		expect(s.current).toEqual(DEFAULT_SETTINGS);
		expect(s.source).toBe('defaults');
	});

	it('[OS4] the server copy is used, kept per user, and read back offline after a restart', async () => {
		const server = { settings: { ...DEFAULT_SETTINGS, visitCadenceDays: 14 }, ceiling: 15 };
		vi.stubGlobal('fetch', answer(200, server));
		const first = new OrgSettingsState();
		expect(await first.load('u1', 1_000)).toBe('ok');
		expect(first.current.visitCadenceDays).toBe(14);

		vi.stubGlobal('fetch', offline);
		const restarted = new OrgSettingsState();
		restarted.showCached('u1');
		expect(await restarted.load('u1')).toBe('unreachable');
		expect(restarted.current.visitCadenceDays).toBe(14);
		expect(restarted).toMatchObject({ source: 'device', fetchedAt: 1_000 });
		// Another user on the same device has no copy of their own yet.
		restarted.showCached('u2');
		expect(restarted.current).toEqual(DEFAULT_SETTINGS);
	});

	it('[OS4] a corrupt cache or a malformed server answer never replaces good settings', async () => {
		storage.setItem('asysta:org-settings:u1', '{"settings":{"caseloadLimit":99}');
		const s = new OrgSettingsState();
		s.showCached('u1');
		expect(s.current).toEqual(DEFAULT_SETTINGS);
		vi.stubGlobal('fetch', answer(200, { settings: { caseloadLimit: 40 }, ceiling: 15 }));
		expect(await s.load('u1')).toBe('unreachable');
		expect(s.current.caseloadLimit).toBe(15);
		vi.stubGlobal('fetch', answer(401, { error: 'Nie zalogowano.' }));
		expect(await s.load('u1')).toBe('unauthorized');
	});

	it('[OS2][OS5] a save is checked on the device first; the server’s per-field messages come back', async () => {
		const s = new OrgSettingsState();
		const fetchSpy = answer(403, {
			error: 'Ustawienia ośrodka zmienia tylko kierownik.',
			fields: {}
		});
		vi.stubGlobal('fetch', fetchSpy);
		const bad = await s.save('u1', { caseloadLimit: 16 });
		expect(bad).toMatchObject({
			ok: false,
			fields: { caseloadLimit: expect.stringMatching(/15/) }
		});
		expect(fetchSpy).not.toHaveBeenCalled();
		const refused = await s.save('u1', { caseloadLimit: 10 });
		expect(refused).toEqual({
			ok: false,
			message: 'Ustawienia ośrodka zmienia tylko kierownik.',
			fields: {}
		});
		vi.stubGlobal(
			'fetch',
			answer(200, {
				settings: { ...DEFAULT_SETTINGS, caseloadLimit: 10 },
				ceiling: 15,
				changed: ['caseloadLimit']
			})
		);
		expect(await s.save('u1', { caseloadLimit: 10 })).toEqual({
			ok: true,
			changed: ['caseloadLimit']
		});
		expect(s.current.caseloadLimit).toBe(10);
	});
});
