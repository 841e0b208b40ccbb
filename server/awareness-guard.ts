/**
 * Awareness is client-written and unauthenticated in y-protocols: any peer may announce any
 * client id with any name (y-websocket#126). These helpers decode an awareness update strictly so
 * the room can keep one client id per socket and stamp identity from the session (RM8, RM9).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { z } from 'zod';

/** One entry of an awareness update. `state` null means "this client left". */
export interface AwarenessEntry {
	clientId: number;
	clock: number;
	state: Record<string, unknown> | null;
}

const State = z.record(z.string(), z.unknown()).nullable();
/** More entries than this in one message is not a browser tab talking. */
const MAX_ENTRIES = 256;

/** Decodes an awareness update; null if malformed, oversized or not JSON objects. */
export function decodeAwarenessUpdate(
	update: Uint8Array,
	maxStateBytes: number
): AwarenessEntry[] | null {
	try {
		const d = decoding.createDecoder(update);
		const n = decoding.readVarUint(d);
		if (n > MAX_ENTRIES) return null;
		const entries: AwarenessEntry[] = [];
		for (let i = 0; i < n; i++) {
			const clientId = decoding.readVarUint(d);
			const clock = decoding.readVarUint(d);
			const json = decoding.readVarString(d);
			if (json.length > maxStateBytes) return null;
			const state = State.safeParse(JSON.parse(json));
			if (!state.success) return null;
			entries.push({ clientId, clock, state: state.data });
		}
		return decoding.hasContent(d) ? null : entries;
	} catch {
		return null;
	}
}

/** Encodes entries in the y-protocols awareness update format. */
export function encodeAwarenessUpdate(entries: AwarenessEntry[]): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, entries.length);
	for (const entry of entries) {
		encoding.writeVarUint(e, entry.clientId);
		encoding.writeVarUint(e, entry.clock);
		encoding.writeVarString(e, JSON.stringify(entry.state));
	}
	return encoding.toUint8Array(e);
}
