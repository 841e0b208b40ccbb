/**
 * [I18N2] What the label tests check of every code list: a label is a catalogue message selecting
 * on the code with an empty fallback, so a code added to the domain without its words fails here
 * rather than showing nothing (or another code's words).
 */
import { expect } from 'vitest';

/** A code list with its label function: codes from the domain, words from the catalogue. */
export type CodeLabels = [string, readonly string[], (code: never) => string];

/** Every code has a non-empty label of its own. */
export function expectOwnLabels(codes: readonly string[], text: (code: never) => string): void {
	const labels = codes.map((c) => text(c as never));
	for (const l of labels) expect(l.trim()).not.toBe('');
	expect(new Set(labels).size).toBe(codes.length);
}
