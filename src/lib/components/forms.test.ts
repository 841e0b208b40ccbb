import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * [issue 12] The app's own Polish messages, never the browser's validation bubbles ("Value must
 * be 01/01/1900 or later" beside a stale Polish message): every form opts out of native
 * validation, and text fields carry no `maxlength`, which cuts a paste silently, where the form
 * checks the length and says the limit.
 */
const root = join(import.meta.dirname, '..', '..', '..');

function svelteFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return svelteFiles(path);
		return name.endsWith('.svelte') ? [path] : [];
	});
}

describe('forms speak for themselves', () => {
	it('[issue 12] every <form> has novalidate', () => {
		const missing: string[] = [];
		for (const file of svelteFiles(join(root, 'src'))) {
			const src = readFileSync(file, 'utf8');
			for (const match of src.matchAll(/<form\b(?:=>|[^>])*>/g))
				if (!/\bnovalidate\b/.test(match[0])) missing.push(relative(root, file));
		}
		expect(missing).toEqual([]);
	});

	it('[issue 12] the visit form checks place and present itself instead of cutting them', () => {
		const src = readFileSync(join(root, 'src/lib/components/VisitForm.svelte'), 'utf8');
		expect(src).not.toMatch(/maxlength/);
	});
});
