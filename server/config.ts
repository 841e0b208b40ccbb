/**
 * Tunables of the sync server, read once from the environment through zod so a typo fails at
 * start-up instead of silently running with a default. Tests pass overrides directly.
 */
import { z } from 'zod';

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

const EnvConfig = z.object({
	UNLOAD_GRACE_MS: int(10_000),
	PERSIST_INTERVAL_MS: int(50, 1),
	PERSISTED_ACK_MS: int(500),
	CHECKPOINT_EVERY: int(500, 1),
	RATE_LIMIT_PER_S: int(200, 1),
	RATE_LIMIT_BURST: int(2000, 1),
	MAX_BUFFERED_BYTES: int(8 * 1024 * 1024, 1024),
	MAX_PAYLOAD_BYTES: int(16 * 1024 * 1024, 1024),
	MAX_AWARENESS_BYTES: int(16 * 1024, 256),
	SESSION_RECHECK_MS: int(60_000, 10),
	SESSION_SWEEP_MS: int(1_000, 10),
	MAX_SOCKETS_PER_ADDRESS: int(400, 1),
	MAX_SOCKETS_PER_USER: int(200, 1),
	REFUSED_AUDIT_WINDOW_MS: int(60_000, 10)
});

/** Sync server settings; see server/SPEC.md for the rule each one serves. */
export interface SyncConfig {
	/** How long a room stays loaded after its last socket left (RM6). */
	unloadGraceMs: number;
	/** Persist tick: all pending rows of all documents commit together (RM4). */
	persistIntervalMs: number;
	/** Minimum gap between two commit acknowledgements to one room (RM5). */
	persistedAckMs: number;
	/** A checkpoint is written after this many rows of one document (RM4). */
	checkpointEvery: number;
	rateLimitPerS: number;
	rateLimitBurst: number;
	/** A socket whose unsent bytes exceed this is closed 4508 (RM10). */
	maxBufferedBytes: number;
	maxPayloadBytes: number;
	/** Largest awareness state JSON accepted per client (RM8). */
	maxAwarenessBytes: number;
	sessionRecheckMs: number;
	/** Open sessions are checked this often; an ended one closes its sockets 4401 (AU5). */
	sessionSweepMs: number;
	/** Open sockets allowed per client address and per user; beyond, 4429 (UP7). */
	maxSocketsPerAddress: number;
	maxSocketsPerUser: number;
	/** Refused upgrades are audited as one row per address per window (UP6). */
	refusedAuditWindowMs: number;
}

/** Settings from `env`, each overridable by `overrides`. */
export function loadSyncConfig(
	env: NodeJS.ProcessEnv = process.env,
	overrides: Partial<SyncConfig> = {}
): SyncConfig {
	const e = EnvConfig.parse(env);
	return {
		unloadGraceMs: e.UNLOAD_GRACE_MS,
		persistIntervalMs: e.PERSIST_INTERVAL_MS,
		persistedAckMs: e.PERSISTED_ACK_MS,
		checkpointEvery: e.CHECKPOINT_EVERY,
		rateLimitPerS: e.RATE_LIMIT_PER_S,
		rateLimitBurst: e.RATE_LIMIT_BURST,
		maxBufferedBytes: e.MAX_BUFFERED_BYTES,
		maxPayloadBytes: e.MAX_PAYLOAD_BYTES,
		maxAwarenessBytes: e.MAX_AWARENESS_BYTES,
		sessionRecheckMs: e.SESSION_RECHECK_MS,
		sessionSweepMs: e.SESSION_SWEEP_MS,
		maxSocketsPerAddress: e.MAX_SOCKETS_PER_ADDRESS,
		maxSocketsPerUser: e.MAX_SOCKETS_PER_USER,
		refusedAuditWindowMs: e.REFUSED_AUDIT_WINDOW_MS,
		...overrides
	};
}
