import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { polish, stringLiterals } from '../i18n/polish-literals';

/**
 * [I18N3] The domain's rule messages come from the catalogue area `domain`: no string or template
 * literal in its code holds Polish words (lexical scan: `polish-literals.ts`).
 */

const dir = import.meta.dirname;
const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('[I18N3] the domain holds no Polish text of its own', () => {
	it('[I18N3] the scanner finds Polish in literals and ignores it in comments and regexes', () => {
		const sample = [
			'// Uwaga: komentarz po polsku.',
			'/* wielowierszowy — też można */',
			"const re = /^[ąę]+$/u; const a = 'plain';",
			"const b = 'Podaj sąd.';",
			'const c = `${n} działań`;'
		].join('\n');
		const found = stringLiterals(sample).filter((s) => polish.test(s.text));
		expect(found).toEqual([
			{ line: 4, text: "'Podaj sąd.'" },
			{ line: 5, text: '`${n} działań`' }
		]);
	});

	it('[I18N3] no non-test src/lib/domain/*.ts file has a string literal with a Polish letter', () => {
		expect(sources.length).toBeGreaterThan(10);
		const offenders = sources.flatMap((f) =>
			stringLiterals(readFileSync(join(dir, f), 'utf8'))
				.filter((s) => polish.test(s.text))
				.map((s) => `${f}:${s.line} ${s.text}`)
		);
		expect(offenders).toEqual([]);
	});
});
