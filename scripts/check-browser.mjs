// `npm test` runs this first: without a browser the Playwright suite would fail test by test with
// "executable doesn't exist"; one line saying what to install is what a newcomer needs.
import { chromium } from '@playwright/test';
import fs from 'node:fs';

const own = (() => {
	try {
		return chromium.executablePath();
	} catch {
		return undefined;
	}
})();
const found = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', own].find(
	(p) => p && fs.existsSync(p)
);
if (!found) {
	console.error(
		'No Chromium for the browser tests: on Debian/Ubuntu `sudo apt-get install -y chromium`, ' +
			'elsewhere `npx playwright install chromium` (or set CHROMIUM_PATH to a Chromium binary).'
	);
	process.exit(1);
}
