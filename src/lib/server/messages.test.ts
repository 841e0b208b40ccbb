import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { polish, stringLiterals } from '../i18n/polish-literals';

/** Non-test TypeScript files under `dir` (recursively when asked). */
function sources(dir: string, deep: boolean): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return deep ? sources(path, deep) : [];
		return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
	});
}

/** The string literals of a source, as text (comments and regexes skipped). */
const literals = (src: string): string[] => stringLiterals(src).map((l) => l.text);

describe('server texts come from the catalogue', () => {
	it('[I18N4] no Polish string literal in src/lib/server or src/routes/api', () => {
		const files = [...sources('src/lib/server', false), ...sources('src/routes/api', true)];
		expect(files.length).toBeGreaterThan(10);
		const offenders = files.flatMap((f) =>
			literals(readFileSync(f, 'utf8'))
				.filter((s) => polish.test(s))
				.map((s) => `${f}: ${s}`)
		);
		expect(offenders).toEqual([]);
	});

	it('[I18N4] the scanner sees a Polish literal and skips comments', () => {
		expect(
			literals("// 'żółw'\n/* 'łąka' */ const a = 'źle';").filter((s) => polish.test(s))
		).toEqual(["'źle'"]);
	});
});
