/**
 * Which Chromium the browser tests drive: `CHROMIUM_PATH` when set, else Debian's
 * `/usr/bin/chromium`, else Playwright's own download (`npx playwright install chromium`).
 * `undefined` means none is there; `npm test` stops before building and says what to install.
 */
import { chromium } from '@playwright/test';
import fs from 'node:fs';

export function chromiumPath(): string | undefined {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', ownChromium()];
	return candidates.find((p): p is string => !!p && fs.existsSync(p));
}

function ownChromium(): string | undefined {
	try {
		return chromium.executablePath();
	} catch {
		return undefined; // playwright-core throws when its browsers were never installed
	}
}
