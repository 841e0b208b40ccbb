/**
 * [SH1] Every e2e test runs with the Content Security Policy on and fails on any violation: each
 * browser context (the default one and those a test opens with `browser.newContext()`) reports
 * `securitypolicyviolation` events and console errors about the policy, collected here and
 * checked after the test. Specs import `test` and `expect` from this file.
 */
import { test as base, expect, type BrowserContext } from '@playwright/test';
import { serverUrl } from './servers';

export { expect };
export type { APIRequestContext, Page } from '@playwright/test';

const MARK = '[asysta-csp]';

/** Reports violations from inside the page, where the event carries the blocked URI. */
function reportViolations() {
	document.addEventListener('securitypolicyviolation', (e) => {
		console.error(
			`[asysta-csp] ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`
		);
	});
}

async function watch(context: BrowserContext, violations: string[]): Promise<void> {
	await context.addInitScript(reportViolations);
	context.on('console', (msg) => {
		const text = msg.text();
		if (text.startsWith(MARK) || /Content Security Policy/i.test(text)) violations.push(text);
	});
}

export const test = base.extend<{ cspViolations: string[] }>({
	// Each worker talks to its own demo server (servers.ts), contexts opened by hand included.
	// eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from it
	baseURL: async ({}, use, testInfo) => use(serverUrl(testInfo.parallelIndex)),
	cspViolations: [
		async ({ browser, context }, use) => {
			const violations: string[] = [];
			await watch(context, violations);
			const newContext = browser.newContext.bind(browser);
			browser.newContext = async (...args) => {
				const created = await newContext(...args);
				await watch(created, violations);
				return created;
			};
			await use(violations);
			browser.newContext = newContext;
			expect(violations, 'Content Security Policy violations').toEqual([]);
		},
		{ auto: true }
	]
});
