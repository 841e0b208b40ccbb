/**
 * A lexical scan for Polish text left in source code, shared by the guard tests I18N3 (domain)
 * and I18N4 (data layer and API routes): comments (which may be Polish) and regular expression
 * literals are skipped, every string or template literal is reported with its line.
 */
export const polish = /[ąćęłńóśźż]/iu;

/** Characters after which a `/` starts a regular expression literal rather than a division. */
const beforeRegex = new Set(['', '(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';']);

/** The string and template literals of `src`, comments and regular expressions skipped. */
export function stringLiterals(src: string): { line: number; text: string }[] {
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
