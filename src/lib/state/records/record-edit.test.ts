import { describe, expect, it, vi } from 'vitest';
import { validateAssessmentForm } from '../forms/document-forms';
import { validateContactForm, validateSafetyForm } from '../forms/contacts-form';
import {
	assessmentToForm,
	changedFields,
	contactToForm,
	editRecord,
	safetyToForm
} from './record-edit';
import { editableRaw, repairFailure } from './record-repair';
import { halfYearAssessment, pcprContact } from '$lib/sync/test-support';

const assessment = { id: 'o1', ...halfYearAssessment, recipients: ['kierownik', 'sąd'] };
const contact = { id: 'k1', ...pcprContact };

/** Saves the assessment's editor with `change` typed over its form values, as the user does. */
function editAssessment(change: Partial<ReturnType<typeof assessmentToForm>>) {
	const write = vi.fn(() => true);
	const base = assessmentToForm(assessment);
	const draft = { ...base, ...change };
	const common = { canEdit: true, validate: validateAssessmentForm, write, noRights: {} };
	return { r: editRecord({ ...common, base, draft }), write, draft };
}

describe('editing a saved record', () => {
	it('[RE5] a saved record turns into form values that validate back to the same value', () => {
		const a = validateAssessmentForm(assessmentToForm(assessment));
		expect(a).toEqual({ ok: true, value: { ...assessment, id: undefined } });
		const c = validateContactForm(contactToForm(contact));
		expect(c.ok && c.value.institution).toBe('PCPR');
		const s = safetyToForm({
			id: 's1',
			date: '2026-01-02',
			time: '10:15',
			actions: ['policja'],
			violenceRelated: true,
			kind: 'interwencja',
			concernId: 'z1'
		});
		expect(s.violence).toBe('tak');
		const back = validateSafetyForm(s);
		expect(back.ok && back.value).toMatchObject({ kind: 'interwencja', concernId: 'z1' });
	});

	it('[RE5] only the fields changed since the editor opened are written', () => {
		const { r, write } = editAssessment({ recommendation: 'zmiana_planu' });
		expect(r).toEqual({ ok: true, changed: ['recommendation'] });
		expect(write).toHaveBeenCalledWith({ recommendation: 'zmiana_planu' });
		expect(changedFields({ a: 1, b: [1] }, { a: 1, b: [2] })).toEqual({ b: [2] });
	});

	it('[RE5] an invalid draft is refused with Polish messages by its fields; nothing is written', () => {
		const { r, write, draft } = editAssessment({ periodFrom: '2026-06-01' });
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.errors).toEqual({ periodTo: 'Początek okresu musi być przed jego końcem.' });
			expect(r.message).toMatch(/nic nie zapisano/);
		}
		expect(write).not.toHaveBeenCalled();
		// The draft is the caller's and stays as typed.
		expect(draft.periodFrom).toBe('2026-06-01');
	});

	it('[RE5] a read-only user cannot save; a write refused by the document stores nothing', () => {
		const write = vi.fn(() => true);
		const base = contactToForm(contact);
		const draft = { ...base, institution: 'Szkoła' };
		const common = { base, draft, validate: validateContactForm, noRights: { date: 'brak' } };
		const ro = editRecord({ ...common, canEdit: false, write });
		expect(ro).toMatchObject({ ok: false, errors: { date: 'brak' } });
		expect(write).not.toHaveBeenCalled();
		const clash = editRecord({
			...common,
			canEdit: true,
			write: () => {
				throw new Error('would not parse');
			}
		});
		expect(clash.ok).toBe(false);
		if (!clash.ok) expect(clash.message).toMatch(/Nic nie zapisano/);
		const gone = editRecord({ ...common, canEdit: true, write: () => false });
		if (!gone.ok) expect(gone.message).toMatch(/już nie ma/);
		expect(gone.ok).toBe(false);
	});
});

describe('a comment per goal', () => {
	it('[RE6] is kept trimmed with its goal, can be edited and emptied after saving', () => {
		const withNote = { ...assessment, goalNotes: { g1: 'spłaca zadłużenie' } };
		const base = assessmentToForm(withNote);
		expect(base.goalNotes).toEqual({ g1: 'spłaca zadłużenie' });
		const write = vi.fn(() => true);
		const edited = { ...base, goalNotes: { g1: '  nowe ustalenia ' } };
		const common = { canEdit: true, base, validate: validateAssessmentForm, write, noRights: {} };
		expect(editRecord({ ...common, draft: edited })).toEqual({
			ok: true,
			changed: ['goalNotes']
		});
		expect(write).toHaveBeenLastCalledWith({ goalNotes: { g1: 'nowe ustalenia' } });
		editRecord({ ...common, draft: { ...base, goalNotes: { g1: '' } } });
		expect(write).toHaveBeenLastCalledWith({ goalNotes: {} });
		// A record made before comments existed reads and edits without one.
		const old = validateAssessmentForm(assessmentToForm(assessment));
		expect(old.ok && old.value.goalNotes).toBeFalsy();
		const long = validateAssessmentForm({ ...base, goalNotes: { g1: 'x'.repeat(1001) } });
		expect(long.ok).toBe(false);
		if (!long.ok) expect(long.errors.goalNotes).toMatch(/1000 znaków/);
	});
});

describe('the words for a refused correction', () => {
	it('[RE2] names the field and the problem in Polish', () => {
		expect(
			repairFailure({
				ok: false,
				reason: 'schema',
				issues: [{ path: 'date', message: 'Invalid', code: 'invalid_format' }]
			})
		).toEqual([
			'Wartość nadal jest nieprawidłowa, nic nie zapisano:',
			expect.stringMatching(/^pole „date”: zły format/)
		]);
		expect(repairFailure({ ok: false, reason: 'json', message: 'x' })[0]).toMatch(/JSON/);
		expect(repairFailure({ ok: true })).toEqual([]);
		expect(editableRaw('{"a":1}')).toBe('{\n  "a": 1\n}');
		expect(editableRaw('nie json')).toBe('nie json');
	});
});
