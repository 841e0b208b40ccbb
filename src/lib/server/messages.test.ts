import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const POLISH = /[ąćęłńóśźż]/i;

/** Non-test TypeScript files under `dir` (recursively when asked). */
function sources(dir: string, deep: boolean): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return deep ? sources(path, deep) : [];
		return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
	});
}

/** String literals of a source, comments skipped (a tiny scanner: quotes, templates, comments). */
function literals(src: string): string[] {
	const found: string[] = [];
	let i = 0;
	while (i < src.length) {
		const c = src[i];
		if (c === '/' && src[i + 1] === '/')
			i = src.indexOf('\n', i) === -1 ? src.length : src.indexOf('\n', i);
		else if (c === '/' && src[i + 1] === '*')
			i = src.indexOf('*/', i + 2) === -1 ? src.length : src.indexOf('*/', i + 2) + 2;
		else if (c === "'" || c === '"' || c === '`') {
			let j = i + 1;
			while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
			found.push(src.slice(i, j + 1));
			i = j + 1;
		} else i++;
	}
	return found;
}

describe('server texts come from the catalogue', () => {
	it('[I18N4] no Polish string literal in src/lib/server or src/routes/api', () => {
		const files = [...sources('src/lib/server', false), ...sources('src/routes/api', true)];
		expect(files.length).toBeGreaterThan(10);
		const offenders = files.flatMap((f) =>
			literals(readFileSync(f, 'utf8'))
				.filter((s) => POLISH.test(s))
				.map((s) => `${f}: ${s}`)
		);
		expect(offenders).toEqual([]);
	});

	it('[I18N4] the scanner sees a Polish literal and skips comments', () => {
		expect(
			literals("// 'żółw'\n/* 'łąka' */ const a = 'źle';").filter((s) => POLISH.test(s))
		).toEqual(["'źle'"]);
	});
});
