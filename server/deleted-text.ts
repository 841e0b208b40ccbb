/**
 * [NC1] The narrative text accepted updates deleted, which the room keeps because the document
 * does not: an offline writer's version of a passage (narrative-conflicts.ts) still holds it.
 */
import * as Y from 'yjs';

/**
 * [NC1] Characters of narratives that updates deleted, kept by the room (the document keeps no
 * deleted text): an offline writer's version of a passage still holds what others deleted while
 * it was away. Each is marked with the deleter's clocks before the deleting update: a writer
 * that knew a later write of the deleter saw the deletion. Bounded: the oldest go first.
 */
export class DeletedText {
	readonly #chars = new Map<string, { char: string; marks: readonly [number, number][] }>();
	constructor(private readonly max = 50_000) {}

	get size(): number {
		return this.#chars.size;
	}

	/** Records the strings an accepted transaction deleted; `deleters` gives the writer's clients. */
	record(tr: Y.Transaction, deleters: () => readonly number[]): void {
		let marks: [number, number][] | null = null;
		Y.iterateDeletedStructs(tr, tr.deleteSet, (s) => {
			if (!(s instanceof Y.Item) || !(s.content instanceof Y.ContentString)) return;
			if (s.id.clock >= (tr.beforeState.get(s.id.client) ?? 0)) return; // inserted and deleted here
			marks ??= deleters().map((c): [number, number] => [c, tr.beforeState.get(c) ?? 0]);
			const str = s.content.str;
			for (let k = 0; k < str.length; k++)
				this.#chars.set(`${s.id.client}:${s.id.clock + k}`, { char: str[k], marks });
		});
		if (this.#chars.size > this.max) {
			let drop = this.#chars.size - this.max;
			for (const key of this.#chars.keys()) {
				if (drop-- <= 0) break;
				this.#chars.delete(key);
			}
		}
	}

	/** The text of a deleted item that the writer had not seen deleted ('' when unknown). */
	unseenBy(item: Y.Item, knew: Map<number, number>): string {
		let out = '';
		for (let k = 0; k < item.length; k++) {
			const e = this.#chars.get(`${item.id.client}:${item.id.clock + k}`);
			if (e && !e.marks.some(([c, clock]) => (knew.get(c) ?? 0) > clock)) out += e.char;
		}
		return out;
	}
}
