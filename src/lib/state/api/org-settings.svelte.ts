/**
 * [OS4] The organisation's settings on this device. Online they come from
 * `GET /api/organisation/settings` and are kept in localStorage per user, so deadlines, the
 * caseload meter and the guards use them offline too. Everything read (network or storage) is
 * parsed with zod; the documented defaults apply only while nothing was ever fetched.
 */
import { z } from 'zod';
import { DEFAULT_SETTINGS, OrgSettings, STATUTORY_CASELOAD_CEILING } from '$lib/domain/settings';
import { applySettingsPatch, type SettingsErrors } from '$lib/domain/settings-update';
import { m } from '$lib/paraglide/messages.js';
import { readJson, writeJson } from '../documents/storage';
import type { Result } from '$lib/domain/result';
import { sendJson } from './send-json';

const keyOf = (userId: string) => `asysta:org-settings:${userId}`;

/** What the server answers, and what the device keeps. */
const SettingsResponse = z.object({ settings: OrgSettings, ceiling: z.number().int() });
const Cached = SettingsResponse.extend({ fetchedAt: z.number() });
const SaveResponse = SettingsResponse.extend({ changed: z.array(z.string()) });
const ErrorBody = z.object({
	error: z.string(),
	fields: z.record(z.string(), z.string()).optional()
});

/** Where the settings in use came from. */
export type SettingsSource = 'defaults' | 'device' | 'server';

export type SaveOutcome = Result<
	{ changed: readonly string[] },
	{ message: string; fields: SettingsErrors }
>;

export class OrgSettingsState {
	/** The settings in use. */
	current = $state.raw<OrgSettings>(DEFAULT_SETTINGS);
	ceiling = $state(STATUTORY_CASELOAD_CEILING);
	source = $state<SettingsSource>('defaults');
	/** When the server's copy was fetched (ms), null while only defaults are known. */
	fetchedAt = $state<number | null>(null);
	#userId: string | null = null;

	/** Shows this user's cached settings at once, then asks the server (once per user). */
	follow(userId: string): void {
		if (this.#userId === userId) return;
		this.#userId = userId;
		this.showCached(userId);
		void this.load(userId);
	}

	/** This user's settings from the device, or the defaults when none were ever cached. */
	showCached(userId: string): void {
		const cached = Cached.safeParse(readJson(keyOf(userId)));
		if (cached.success) {
			this.#use(cached.data, 'device');
		} else {
			this.current = DEFAULT_SETTINGS;
			this.ceiling = STATUTORY_CASELOAD_CEILING;
			this.source = 'defaults';
			this.fetchedAt = null;
		}
	}

	/** Fetches the settings; offline or on an error the device's copy stays in use. */
	async load(userId: string, now = Date.now()): Promise<'ok' | 'unreachable' | 'unauthorized'> {
		let res: Response;
		try {
			res = await fetch('/api/organisation/settings', { headers: { accept: 'application/json' } });
		} catch {
			return 'unreachable';
		}
		if (res.status === 401) return 'unauthorized';
		const body = SettingsResponse.safeParse(await res.json().catch(() => null));
		if (!res.ok || !body.success) return 'unreachable';
		this.#store(userId, body.data, now);
		return 'ok';
	}

	/**
	 * [OS2] Sends the head's change; checked here first with the same rules as the server, so a
	 * mistake is explained without a round trip. The caller keeps the form as typed.
	 */
	async save(userId: string, patch: unknown, now = Date.now()): Promise<SaveOutcome> {
		const local = applySettingsPatch(this.current, patch);
		if (!local.ok) return { ok: false, message: m.settings_fix_fields(), fields: local.errors };
		const res = await sendJson('/api/organisation/settings', 'PUT', patch);
		if (!res) return { ok: false, message: m.settings_offline_save(), fields: {} };
		const json: unknown = await res.json().catch(() => null);
		if (!res.ok) {
			const err = ErrorBody.safeParse(json);
			return {
				ok: false,
				message: err.data?.error ?? m.settings_server_error({ status: res.status }),
				fields: (err.data?.fields ?? {}) as SettingsErrors
			};
		}
		const body = SaveResponse.safeParse(json);
		if (!body.success) return { ok: false, message: m.settings_bad_answer(), fields: {} };
		const { changed, ...data } = body.data;
		this.#store(userId, data, now);
		return { ok: true, changed };
	}

	#store(userId: string, data: SettingsResponse, now: number): void {
		const cached = { ...data, fetchedAt: now };
		writeJson(keyOf(userId), cached);
		if (this.#userId === null || this.#userId === userId) this.#use(cached, 'server');
	}

	#use(data: z.infer<typeof Cached>, source: SettingsSource): void {
		this.current = data.settings;
		this.ceiling = data.ceiling;
		this.source = source;
		this.fetchedAt = data.fetchedAt;
	}
}
type SettingsResponse = z.infer<typeof SettingsResponse>;

/** The one settings state of the app. */
export const orgSettings = new OrgSettingsState();
