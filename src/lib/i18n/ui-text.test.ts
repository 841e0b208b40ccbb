import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * [I18N1] Every text a component shows comes from the message catalogue. The scan is lexical
 * (no Svelte compiler): script/style blocks, comments and `{…}` expressions are removed, what is
 * left is static markup, and any letter in it is inline UI text.
 */

const root = join(import.meta.dirname, '..', '..', '..');

/**
 * Not yet converted; the list may only shrink: an entry must exist and still hold inline text.
 * Paths are relative to the repository root.
 */
const notYetConverted: string[] = [];

const textAttributes = ['aria-label', 'aria-description', 'placeholder', 'title', 'alt', 'label'];
const letter = /\p{L}/u;

function svelteFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return svelteFiles(path);
		return name.endsWith('.svelte') ? [path] : [];
	});
}

/** Skips a JS string or template literal starting at `i`; returns the index after it. */
function skipString(src: string, i: number): number {
	const quote = src[i];
	let j = i + 1;
	while (j < src.length) {
		const c = src[j];
		if (c === '\\') j += 2;
		else if (c === quote) return j + 1;
		else if (quote === '`' && c === '$' && src[j + 1] === '{') j = skipExpression(src, j + 1);
		else j++;
	}
	return j;
}

/** Skips a `{…}` expression starting at the `{` at `i` (nested braces, strings); returns the index after it. */
function skipExpression(src: string, i: number): number {
	let depth = 0;
	let j = i;
	while (j < src.length) {
		const c = src[j];
		if (c === '"' || c === "'" || c === '`') {
			j = skipString(src, j);
			continue;
		}
		if (c === '{') depth++;
		else if (c === '}' && --depth === 0) return j + 1;
		j++;
	}
	return j;
}

/** Stands in for a removed expression: neither a letter nor a space, so `title={x}` stays an attribute. */
const expressionMark = '\u0001';

/** The static markup of a component: no script, style, comments or expressions. */
export function staticMarkup(source: string): string {
	const noBlocks = source
		.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
		.replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, '')
		.replace(/<!--[\s\S]*?-->/g, '');
	let out = '';
	let i = 0;
	while (i < noBlocks.length) {
		if (noBlocks[i] === '{') {
			i = skipExpression(noBlocks, i);
			out += expressionMark;
		} else out += noBlocks[i++];
	}
	return out;
}

/** Inline UI texts of a component: text nodes and static values of text attributes. */
export function inlineTexts(source: string): string[] {
	const markup = staticMarkup(source).replace(/&(?:[a-z]+|#\d+|#x[0-9a-f]+);/gi, ' ');
	const found: string[] = [];
	const tag =
		/<\/?[A-Za-z][^\s/>]*((?:\s+[^\s"'>=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]*))?)*)\s*\/?>/g;
	const attribute = /([^\s"'>=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]*))/g;
	let last = 0;
	for (const match of markup.matchAll(tag)) {
		found.push(markup.slice(last, match.index));
		last = match.index + match[0].length;
		for (const attr of (match[1] ?? '').matchAll(attribute)) {
			const value = attr[2] ?? attr[3] ?? attr[4] ?? '';
			if (textAttributes.includes(attr[1].toLowerCase()) && letter.test(value))
				found.push(`${attr[1]}="${value}"`);
		}
	}
	found.push(markup.slice(last));
	return found
		.map((t) => t.replaceAll(expressionMark, ' ').trim().replace(/\s+/g, ' '))
		.filter((t) => letter.test(t));
}

describe('[I18N1] no inline UI text in components', () => {
	it('finds text nodes and text attributes, ignores code, comments and expressions', () => {
		const source = `<script>const a = '<b>Nie</b>';</script>
<!-- komentarz -->
<p>{m.x()} {#if a}{'}'}{/if}</p>
<button aria-label={m.y()} title="Zamknij" class="x">Zapisz {n}</button>
<input placeholder="np. {x}" />
<span>&nbsp;–&nbsp;</span>
<style>p::after { content: 'x'; }</style>`;
		expect(inlineTexts(source)).toEqual(['title="Zamknij"', 'Zapisz', 'placeholder="np. "']);
	});

	const files = svelteFiles(join(root, 'src')).map((f) => relative(root, f).split('\\').join('/'));
	const offending = new Map(
		files
			.map((f) => [f, inlineTexts(readFileSync(join(root, f), 'utf8'))] as const)
			.filter(([, texts]) => texts.length > 0)
	);

	it('components outside the allowlist show catalogue messages only', () => {
		const unexpected = [...offending].filter(([f]) => !notYetConverted.includes(f));
		expect(unexpected.map(([f, texts]) => `${f}: ${texts.slice(0, 3).join(' | ')}`)).toEqual([]);
	});

	it('the allowlist only shrinks: every entry exists and still holds inline text', () => {
		const stale = notYetConverted.filter((f) => !existsSync(join(root, f)) || !offending.has(f));
		expect(stale).toEqual([]);
	});
});
