/** What a reader could not parse (issue 14: shared types in their own domain files). */

/** Something read from a document that did not parse; shown with its raw value, never dropped. */
export interface InvalidItem {
	id: string | null;
	raw: string;
	issues: string[];
	/** Where it was read (root list and position), so it can be corrected in place (RE1). */
	at?: { list: string; index: number };
	/** An entry of an append-only log: never rewritten, shown read-only (RE4). */
	appendOnly?: boolean;
}
