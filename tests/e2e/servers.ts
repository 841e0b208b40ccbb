/**
 * One demo server per Playwright worker: each worker's specs edit their own copy of the demo
 * families (its own DATA_DIR), so two workers never see each other's changes and a spec's
 * outcome does not depend on which specs ran before it on the other worker.
 */

/** How many workers (and servers): `E2E_WORKERS`, default 2 (the CI machine has 2 cores). */
export const E2E_WORKERS = Math.max(1, Number(process.env.E2E_WORKERS ?? 2));

const firstPort = Number(process.env.E2E_PORT ?? 4173);

/** The port of the server that worker `parallelIndex` talks to. */
export function serverPort(parallelIndex: number): number {
	return firstPort + parallelIndex;
}

export function serverUrl(parallelIndex: number): string {
	return `http://127.0.0.1:${serverPort(parallelIndex)}`;
}
