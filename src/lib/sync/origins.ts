/**
 * Every transaction origin Asysta gives, in one union (issue 14). Yjs passes the origin of a change
 * to every observer; ours tell a change made on this device apart from one that came from
 * elsewhere (the provider and the local copy are origins too, as objects, and are not listed).
 * Shared with server/ (relative imports only): origins never travel the wire, they only name who
 * applied a change in this process.
 */

/** An edit made on this device through a named command (counted, buffered, sent). */
export const LOCAL_ORIGIN = 'asysta-local';
/** Updates replayed from the write-ahead buffer on open (already counted, already local). */
export const REPLAY_ORIGIN = 'asysta-replay';
/** Server: the stored state applied when a room loads; never logged again. */
export const LOAD_ORIGIN = 'asysta-load';
/** Server [CL1]: rows and awareness another node stored or saw; sent on, never stored again. */
export const REMOTE_ORIGIN = 'asysta-remote';
/** Server: an update applied to the write guard's shadow copy. */
export const SHADOW_ORIGIN = 'asysta-shadow';

/** A transaction origin Asysta gives. */
export type TxOrigin =
	| typeof LOCAL_ORIGIN
	| typeof REPLAY_ORIGIN
	| typeof LOAD_ORIGIN
	| typeof REMOTE_ORIGIN
	| typeof SHADOW_ORIGIN;
