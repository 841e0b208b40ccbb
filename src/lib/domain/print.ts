import type { PrintKind } from './audit-chain.js';

/**
 * Documents to print or export (domain.md §7), as plain values built on the device from its
 * local copy of the family's documents: the same value renders the page, feeds the DOCX and is
 * hashed for the footer, so what the footer's hash covers is exactly what was printed.
 */

/** A run of text with its inline marks. */
export interface TextRun {
	text: string;
	bold?: boolean;
	italic?: boolean;
}

/** One block of a rich-text field: a paragraph, a list item (with its list kind) or a quote. */
export interface RichBlock {
	type: 'p' | 'li' | 'quote';
	list?: 'ul' | 'ol';
	depth: number;
	runs: TextRun[];
}

/** A titled rich-text section (a visit's topics, an opinion's "Wnioski"). */
export interface PrintSection {
	title: string;
	blocks: RichBlock[];
}

/** A plan row of the action table. */
export interface PrintAction {
	description: string;
	responsible: string;
	deadline: string;
	expectedEffect: string;
	status: string;
	/** [DU1] The art. 15 ust. 1 duty area, when set. */
	area?: string;
}

export interface PrintPlan {
	kind: 'plan';
	notes: string;
	problems: string[];
	goals: { kind: string; title: string; actions: PrintAction[] }[];
	signers: string[];
	/** [G4] The version in force was refused by the family: the refusal line, printed as such. */
	refusal?: string;
}

export interface PrintVisit {
	id: string;
	date: string;
	time: string;
	place: string;
	type: string;
	present: string;
	nextDate: string;
	sections: PrintSection[];
}

export interface PrintVisits {
	kind: 'wizyta' | 'dziennik';
	from: string;
	to: string;
	visits: PrintVisit[];
}

export interface PrintAssessment {
	kind: 'ocena';
	date: string;
	period: string;
	goals: { title: string; progress: string }[];
	cooperation: string;
	recommendation: string;
	recipients: string[];
	sections: PrintSection[];
}

export interface PrintOpinion {
	kind: 'opinia';
	court: string;
	caseRef: string;
	received: string;
	due: string;
	scope: string;
	approved: boolean;
	sections: PrintSection[];
}

export type PrintBody = PrintPlan | PrintVisits | PrintAssessment | PrintOpinion;

/** A document ready to print: its body and the facts of its header and footer. */
export interface PrintDocument {
	kind: PrintKind;
	title: string;
	familyName: string;
	/** "wersja 2", "projekt wersji 3", "stan z 12.03.2026"… */
	version: string;
	/** [DR3] An unagreed plan draft or an opinion the head has not approved: watermarked. */
	draft: boolean;
	body: PrintBody;
}

/** [DR2] What the content hash covers: everything printed except the print date itself. */
export function hashedContent(d: PrintDocument): unknown {
	return { kind: d.kind, title: d.title, family: d.familyName, version: d.version, body: d.body };
}

/** Plain text of rich-text blocks (one line per block), e.g. for a quick preview. */
export function blocksText(blocks: readonly RichBlock[]): string {
	return blocks.map((b) => b.runs.map((r) => r.text).join('')).join('\n');
}

/** `YYYY-MM-DD` → `dd.mm.rrrr` (domain.md §3); '' stays ''. */
export function plDate(iso: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
	return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/** The marker before each block: "•" for bullet items, "1.", "2."… for numbered ones, else ''. */
export function listMarkers(blocks: readonly RichBlock[]): string[] {
	const counters: number[] = [];
	return blocks.map((b) => {
		if (b.type !== 'li') {
			if (b.depth === 0) counters.length = 0;
			return '';
		}
		counters.length = b.depth + 1;
		counters[b.depth] = (counters[b.depth] ?? 0) + 1;
		return b.list === 'ol' ? `${counters[b.depth]}.` : '•';
	});
}
