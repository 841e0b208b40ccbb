import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * [I18N3] The domain's rule messages come from the catalogue area `domain`: no string or template
 * literal in its code holds Polish words. The scan is lexical (no TypeScript compiler): comments
 * (which may be Polish) are skipped, regular expression literals are skipped, and every string or
 * template literal is checked for a Polish letter.
 */

const polish = /[ąćęłńóśźż]/iu;

/** Characters after which a `/` starts a regular expression literal rather than a division. */
const beforeRegex = new Set(['', '(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';']);

/** The string and template literals of `src`, comments and regular expressions skipped. */
function stringLiterals(src: string): { line: number; text: string }[] {
	const out: { line: number; text: string }[] = [];
	const lineAt = (i: number) => src.slice(0, i).split('\n').length;
	let prev = '';
	let i = 0;
	while (i < src.length) {
		const c = src[i];
		if (c === '/' && src[i + 1] === '/') {
			while (i < src.length && src[i] !== '\n') i++;
		} else if (c === '/' && src[i + 1] === '*') {
			const end = src.indexOf('*/', i + 2);
			i = end === -1 ? src.length : end + 2;
		} else if (c === '/' && beforeRegex.has(prev)) {
			let inClass = false;
			i++;
			while (i < src.length && (inClass || src[i] !== '/') && src[i] !== '\n') {
				if (src[i] === '\\') i++;
				else if (src[i] === '[') inClass = true;
				else if (src[i] === ']') inClass = false;
				i++;
			}
			i++;
			prev = '/';
		} else if (c === "'" || c === '"' || c === '`') {
			const start = i;
			i++;
			while (i < src.length && src[i] !== c) i += src[i] === '\\' ? 2 : 1;
			i++;
			out.push({ line: lineAt(start), text: src.slice(start, i) });
			prev = c;
		} else {
			if (!/\s/.test(c)) prev = c;
			i++;
		}
	}
	return out;
}

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
