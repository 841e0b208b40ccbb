import { describe, expect, it } from 'vitest';
import { auditCsv, csvCell } from './audit-query';

/** How a hostile spreadsheet may cut a line: at every `sep`, quotes ignored. */
function pieces(line: string, sep: string): string[] {
	return line.split(sep).map((p) => p.replace(/^["\s\u00a0]+/, ''));
}

const TRIGGER = /^[=+\-@\uff1d\uff0b\uff0d\uff20]/;

describe('[AL2] CSV export opens as text in any spreadsheet', () => {
	const hostile = [
		'Jan;=1+2;x',
		'Jan; =HYPERLINK("http://x")',
		'a\t=cmd|" /C calc"!A0',
		'@SUM(1+1)',
		'-2+3',
		'+48 600',
		'x,=1',
		'wiersz\n=1+1',
		'\t=1',
		'\uff1d1+1',
		'ok;\u00a0+1'
	];

	it.each(hostile)('no piece of %j starts a formula, whichever separator splits it', (value) => {
		const cell = csvCell(value);
		for (const sep of [';', '\t', ',', '\n', '\r']) {
			for (const piece of pieces(cell, sep))
				expect(TRIGGER.test(piece), `${sep} ${piece}`).toBe(false);
		}
	});

	it('harmless text is kept as it was, quoted', () => {
		expect(csvCell('Anna Nowak')).toBe('"Anna Nowak"');
		expect(csvCell('2024-05-01')).toBe('"2024-05-01"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell(null)).toBe('""');
	});

	it('a whole export with a hostile name keeps every row safe under `;`', () => {
		const csv = auditCsv([
			{
				seq: 1,
				at: 0,
				actorId: 'u1',
				actorName: 'Jan;=1+2;x',
				actorRole: 'asystent',
				action: 'open',
				object: '@x',
				familyId: null,
				detail: '{}'
			}
		]);
		for (const line of csv.split('\r\n'))
			for (const piece of pieces(line, ';')) expect(TRIGGER.test(piece)).toBe(false);
	});
});
