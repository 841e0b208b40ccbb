import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import fs from 'node:fs';
import path from 'node:path';

/**
 * [DA13] The data layer's suites that run on either engine: those opening their database with
 * openTestData (src/lib/server/test-data.ts). Only they run again on PostgreSQL; the rest of
 * src/lib/server would only repeat its SQLite run.
 */
function bothEngineSuites(): string[] {
	const dir = 'src/lib/server';
	return (fs.readdirSync(dir, { recursive: true }) as string[])
		.filter((f) => f.endsWith('.test.ts'))
		.map((f) => path.join(dir, f))
		.filter((f) => fs.readFileSync(f, 'utf8').includes('openTestData('));
}

/**
 * Poland's public holidays for 2000–2100, computed at build time by date-holidays (maintained
 * data: it knows, e.g., 24 December from 2025). Shipping the library itself would cost every
 * device 1 MB (moment-timezone and every country's rules); the dates are 17 kB.
 */
function polishHolidaysData(): Plugin {
	const id = 'virtual:polish-holidays-data';
	return {
		name: 'polish-holidays-data',
		resolveId: (source) => (source === id ? `\0${id}` : undefined),
		async load(resolved) {
			if (resolved !== `\0${id}`) return undefined;
			const { default: Holidays } = await import('date-holidays');
			const calendar = new Holidays('PL');
			const fromYear = 2000;
			const toYear = 2100;
			const dates: string[] = [];
			for (let y = fromYear; y <= toYear; y++) {
				for (const h of calendar.getHolidays(y))
					if (h.type === 'public') dates.push(h.date.slice(0, 10));
			}
			return `export default ${JSON.stringify({ fromYear, toYear, dates })};`;
		}
	};
}

/**
 * Under CI the tests run shuffled (files and the tests in each file): every test must pass alone and
 * in any order. The seed is fixed so a failing order replays (`CI=1 VITEST_SEED=<n> npx vitest run`);
 * set VITEST_SEED to try other orders.
 */
const shuffleSeed = process.env.CI ? Number(process.env.VITEST_SEED ?? 4242) : null;

export default defineConfig({
	plugins: [
		polishHolidaysData(),
		// The Polish message catalogue (src/lib/i18n/messages/pl/*.json, one file per area), compiled to typed functions.
		paraglideVitePlugin({
			project: './src/lib/i18n/project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['baseLocale']
		}),
		sveltekit(),
		SvelteKitPWA({
			registerType: 'autoUpdate',
			injectRegister: false,
			// Absolute: SvelteKit builds with a relative base, which would register `./sw.js` from a
			// page under /rodzina/… as /rodzina/sw.js (404) — no offline copy for a first visit there.
			base: '/',
			scope: '/',
			manifest: {
				name: 'Asysta — asystent rodziny',
				short_name: 'Asysta',
				description: 'Plan pracy z rodziną i dokumentacja asystenta rodziny, także bez sieci.',
				lang: 'pl',
				start_url: '/rodziny',
				scope: '/',
				display: 'standalone',
				background_color: '#ffffff',
				theme_color: '#1f4e79',
				icons: [
					{ src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
					{ src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
					{
						src: '/icon-maskable-512.png',
						sizes: '512x512',
						type: 'image/png',
						purpose: 'maskable'
					}
				]
			},
			workbox: {
				globPatterns: [
					'client/**/*.{js,css,ico,png,svg,webp,webmanifest}',
					'prerendered/**/*.{html,json}'
				],
				// The app pages are prerendered shells, precached above; a default fallback of '/'
				// would answer every navigation with the home page (stack.md §4).
				navigateFallback: null,
				// App pages take their subject from the query (/rodzina?id=…, /logowanie?next=…):
				// any query must still hit the precached shell, so every family opens cold offline.
				ignoreURLParametersMatching: [/.*/],
				runtimeCaching: [
					{
						urlPattern: ({ request, url }) =>
							request.mode === 'navigate' || url.pathname.endsWith('/__data.json'),
						handler: 'NetworkFirst',
						options: { cacheName: 'pages', networkTimeoutSeconds: 3 }
					}
				]
			}
		})
	],
	test: {
		sequence: shuffleSeed === null ? {} : { shuffle: true, seed: shuffleSeed },
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts'],
					environment: 'node'
				}
			},
			{
				// [DA13] The data layer's suites again on PostgreSQL.
				extends: true,
				test: {
					name: 'data-pg',
					include: bothEngineSuites(),
					environment: 'node',
					env: { TEST_ENGINE: 'postgres' },
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			},
			{
				extends: true,
				test: {
					name: 'server',
					include: ['tests/{server,contract,sync}/**/*.test.ts'],
					environment: 'node',
					setupFiles: ['tests/setup-websocket.ts'],
					testTimeout: 60_000,
					hookTimeout: 60_000
				}
			}
		]
	}
});
