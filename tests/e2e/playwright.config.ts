import { defineConfig, devices } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromiumPath } from './browser';
import { E2E_WORKERS, serverPort, serverUrl } from './servers';

// A fresh data directory per server and run: the demo seed makes the same accounts and families
// every time. Each worker has its own server (servers.ts; fixtures.ts points its baseURL there).
const servers = Array.from({ length: E2E_WORKERS }, (_, i) => ({
	port: serverPort(i),
	dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-e2e-'))
}));

export default defineConfig({
	testDir: '.',
	fullyParallel: false,
	workers: E2E_WORKERS,
	retries: 0,
	timeout: 120_000, // long walks on a busy 2-core CI machine; expectations keep their own 10 s
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? 'list' : [['list']],
	use: {
		...devices['Desktop Chrome'],
		viewport: { width: 1366, height: 768 },
		baseURL: serverUrl(0),
		locale: 'pl-PL',
		timezoneId: 'Europe/Warsaw',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: chromiumPath(),
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	webServer: servers.map(({ port, dataDir }) => ({
		// `npm test` builds first; the server is the same one `npm run demo` starts.
		command: 'node build-server/server/main.js --demo',
		cwd: '../..',
		url: `http://127.0.0.1:${port}/logowanie`,
		env: { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, UNLOAD_GRACE_MS: '2000' },
		reuseExistingServer: false,
		timeout: 120_000,
		stdout: 'pipe' as const
	}))
});
