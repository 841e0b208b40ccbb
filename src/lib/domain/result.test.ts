import { describe, expect, it } from 'vitest';
import { done, refuse, type Result } from './result';

describe('Result', () => {
	it('builds the done and refused shapes the layers share, ok last so a field cannot override it', () => {
		const yes: Result<{ id: string }, { code: 'gone' }> = done({ id: 'r1' });
		const no: Result<{ id: string }, { code: 'gone' }> = refuse({ code: 'gone' });
		expect(yes).toEqual({ ok: true, id: 'r1' });
		expect(no).toEqual({ ok: false, code: 'gone' });
		expect(done()).toEqual({ ok: true });
		expect(refuse({ ok: true } as unknown as { code: 'x' }).ok).toBe(false);
		if (!no.ok) expect(no.code).toBe('gone');
	});
});
