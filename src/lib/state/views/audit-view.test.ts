import { describe, expect, it } from 'vitest';
import { auditObjectText, foldOpens } from './audit-view';
import type { AuditRow } from '../api/access.svelte';

const FAM = 'bdd11e0d-1111-2222-3333-444455556666';
const ctx = {
	familyId: FAM,
	familyName: 'Rodzina Kowalskich',
	names: new Map([['2435c150-aaaa', 'Kasia Lewandowska']])
};
const row = (p: Partial<AuditRow>): AuditRow => ({
	seq: 1,
	at: Date.parse('2026-12-05T09:00:00Z'),
	actorName: 'Anna Nowicka',
	actorRole: 'asystent',
	action: 'open',
	object: `rodzina-${FAM}-core`,
	detail: '{}',
	...p
});

describe('[issue 12] the audit trail in words', () => {
	it('names sections, comments, the family and people instead of ids', () => {
		expect(auditObjectText(`rodzina-${FAM}-core`, ctx)).not.toContain(FAM);
		expect(auditObjectText(`rodzina-${FAM}-plan`, ctx)).toMatch(/plan/i);
		expect(auditObjectText(`rodzina-${FAM}-plan-uwagi`, ctx)).toMatch(/uwagi/i);
		expect(auditObjectText(FAM, ctx)).toBe('Rodzina Kowalskich');
		expect(auditObjectText('2435c150-aaaa', ctx)).toBe('Kasia Lewandowska');
		expect(auditObjectText('nieznane', ctx)).toBe('nieznane');
		expect(auditObjectText(null, ctx)).toBe('');
	});

	it('folds opens of one document by one person on one day, and nothing else', () => {
		const day = Date.parse('2026-12-05T09:00:00Z');
		const rows = [
			...Array.from({ length: 19 }, (_, i) => row({ seq: 100 - i, at: day - i * 60_000 })),
			row({ action: 'write', seq: 50 }),
			row({ seq: 40, object: `rodzina-${FAM}-plan` }),
			row({ seq: 30, actorName: 'Piotr Wiśniewski' }),
			row({ seq: 20, at: day - 86_400_000 }),
			row({ seq: 10, detail: '{"online":false}' })
		];
		const folded = foldOpens(rows);
		expect(folded.map((f) => f.count)).toEqual([19, 1, 1, 1, 1, 1]);
		expect(folded[0].row.seq).toBe(100);
		expect(folded.reduce((n, f) => n + f.count, 0)).toBe(rows.length);
	});
});
