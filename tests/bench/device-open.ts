/**
 * [DV2] Benchmark (issue 15, "Performance"): opening a family file from the device in real
 * Chromium, comparing in one run in-memory `Y.applyUpdate`, plain y-indexeddb and Asysta's
 * encrypted store (AES-GCM per record, src/lib/device/encrypted-persistence.ts):
 *
 *   - a typical family document of ~46 KB, a 5-year one of ~466 KB, and a caseload of 15
 *     typical ones opened at once;
 *   - each store holds the document as its own write path leaves it after the last compaction:
 *     one record with the state plus 50 small updates written since; the encrypted store keeps
 *     every document in one user's database, open before the timed opens (as after an unlock;
 *     its open is reported apart);
 *   - a fourth kind, the encrypted store with the documents' records read ahead as the unlock
 *     does (store-check.ts: the read is awaited and untimed, the decryption only started, so
 *     what is left of it is timed), then opened;
 *   - ROUNDS rounds, the kinds in rotating order each round; the median (and the range) of
 *     the time from constructing the persistence to `whenSynced` (everything read, decrypted and
 *     applied). A figure, never an assertion: run `bash tests/bench/device-open.sh`.
 *
 * Also the offline unlock's key derivation (PBKDF2-SHA-256, 600,000 iterations) in the same
 * Chromium.
 */
import { chromium } from '@playwright/test';
import { build, type Rollup } from 'vite';
import { chromiumPath } from '../e2e/browser.js';
import { PBKDF2_ITERATIONS } from '../../src/lib/device/crypto.js';

const ROUNDS = Number(process.env.ROUNDS ?? 15);
// Run from the repository root (device-open.sh does).
const ROOT = `${process.cwd()}/`;
type Kind = 'memory' | 'plain' | 'encrypted' | 'ahead';
const KINDS: Kind[] = ['memory', 'plain', 'encrypted', 'ahead'];

interface Bench {
	build(name: string, target: number, seed: number, tailEdits: number): number;
	store(kind: 'plain' | 'encrypted', name: string): Promise<void>;
	open(kind: Kind | 'memoryFull', names: string[]): Promise<number>;
	compactStore(names: string[]): Promise<number>;
	derive(iterations: number): Promise<number>;
	records(kind: 'plain' | 'encrypted', name: string): Promise<number>;
	openStore(): Promise<number>;
	breakdown(name: string): Promise<Record<string, number>>;
	restore(names: string[]): Promise<void>;
}
declare const bench: Bench;

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f1 = (n: number) => n.toFixed(1);

async function main() {
	// The page script with Yjs, y-indexeddb and the encrypted store, bundled by Vite (one file).
	const out = (await build({
		configFile: false,
		root: ROOT,
		logLevel: 'error',
		build: {
			write: false,
			minify: false,
			lib: { entry: `${ROOT}tests/bench/device-open.page.ts`, formats: ['iife'], name: 'benchPage' }
		}
	})) as Rollup.RollupOutput | Rollup.RollupOutput[];
	const chunk = (Array.isArray(out) ? out[0] : out).output[0];
	const script = chunk.type === 'chunk' ? chunk.code : '';
	const browser = await chromium.launch({
		executablePath: chromiumPath(),
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']
	});
	const version = browser.version();
	const page = await (await browser.newContext()).newPage();
	// localhost is a secure context (WebCrypto) and has its own IndexedDB; nothing listens there,
	// the page is served by the route.
	const origin = 'http://localhost:4999';
	await page.route(`${origin}/**`, (route) =>
		route.fulfill({
			contentType: 'text/html',
			body: `<!doctype html><meta charset="utf-8"><title>bench</title><script>${script.replace(/<\/script/g, '<\\/script')}</script>`
		})
	);
	await page.goto(`${origin}/`);

	const scenarios: { label: string; names: string[] }[] = [];
	const sizes: Record<string, number> = {};
	sizes.typical = await page.evaluate(() => bench.build('typical', 46 * 1024, 1, 50));
	sizes.fiveYears = await page.evaluate(() => bench.build('five-years', 466 * 1024, 2, 50));
	const caseload: string[] = [];
	for (let i = 0; i < 15; i++) {
		const n = `family-${i}`;
		await page.evaluate(([n, s]) => bench.build(n, 46 * 1024, s, 50), [n, 100 + i] as const);
		caseload.push(n);
	}
	scenarios.push({
		label: `typical family document (${f1(sizes.typical / 1024)} KB)`,
		names: ['typical']
	});
	scenarios.push({
		label: `5-year family document (${f1(sizes.fiveYears / 1024)} KB)`,
		names: ['five-years']
	});
	scenarios.push({ label: 'caseload: 15 typical documents at once', names: caseload });
	for (const n of ['typical', 'five-years', ...caseload]) {
		await page.evaluate((n) => bench.store('plain', n), n);
		await page.evaluate((n) => bench.store('encrypted', n), n);
	}
	const recs = await page.evaluate(async () => [
		await bench.records('plain', 'typical'),
		await bench.records('encrypted', 'typical')
	]);

	if (process.env.BREAKDOWN) {
		for (let i = 0; i < 7; i++)
			for (const n of ['typical', 'five-years'])
				console.log(
					n,
					JSON.stringify(await page.evaluate((n) => bench.breakdown(n), n), (_k, v: unknown) =>
						typeof v === 'number' ? Math.round(v * 100) / 100 : v
					)
				);
	}
	// One warm-up open of each (V8 compiles the paths), not counted.
	for (const s of scenarios)
		for (const k of KINDS)
			await page.evaluate(([k, names]) => bench.open(k, names), [k, s.names] as const);

	const results = scenarios.map(
		() => ({ memory: [], plain: [], encrypted: [], ahead: [] }) as Record<Kind, number[]>
	);
	for (let r = 0; r < ROUNDS; r++) {
		const order = [...KINDS.slice(r % KINDS.length), ...KINDS.slice(0, r % KINDS.length)];
		for (const [i, s] of scenarios.entries())
			for (const k of order) {
				// The encrypted store as its write path left it (an open compacts it afterwards).
				if (k === 'encrypted' || k === 'ahead')
					await page.evaluate((names) => bench.restore(names), s.names);
				results[i][k].push(
					await page.evaluate(([k, names]) => bench.open(k, names), [k, s.names] as const)
				);
			}
	}
	// After compaction (one sealed state record, what an open past COMPACT_ABOVE leaves): the
	// encrypted open against the in-memory apply of that same single update.
	const compacted = scenarios.map(() => ({
		memoryFull: [] as number[],
		encrypted: [] as number[]
	}));
	for (const s of scenarios) await page.evaluate((names) => bench.compactStore(names), s.names);
	for (let r = 0; r < ROUNDS; r++)
		for (const [i, s] of scenarios.entries())
			for (const k of r % 2
				? (['memoryFull', 'encrypted'] as const)
				: (['encrypted', 'memoryFull'] as const))
				compacted[i][k].push(
					await page.evaluate(([k, names]) => bench.open(k, names), [k, s.names] as const)
				);
	// The user's database open (once per unlock, before any document opens).
	const storeOpens: number[] = [];
	for (let i = 0; i < 7; i++) storeOpens.push(await page.evaluate(() => bench.openStore()));
	const derivations: number[] = [];
	for (let i = 0; i < 5; i++)
		derivations.push(await page.evaluate((n) => bench.derive(n), PBKDF2_ITERATIONS));
	await browser.close();

	console.log(
		`Chromium ${version}, ${ROUNDS} rounds, records per store (typical): plain ${recs[0]}, encrypted ${recs[1]}`
	);
	console.log(
		'| scenario | in-memory apply | plain y-indexeddb | encrypted store | enc / plain | enc / in-memory | encrypted, read ahead at unlock | ahead / plain | ahead / in-memory |'
	);
	console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
	for (const [i, s] of scenarios.entries()) {
		const m = results[i];
		const cell = (xs: number[]) =>
			`${f1(median(xs))} ms (${f1(Math.min(...xs))}–${f1(Math.max(...xs))})`;
		console.log(
			`| ${s.label} | ${cell(m.memory)} | ${cell(m.plain)} | ${cell(m.encrypted)} | ${(median(m.encrypted) / median(m.plain)).toFixed(2)}× | ${(median(m.encrypted) / median(m.memory)).toFixed(2)}× | ${cell(m.ahead)} | ${(median(m.ahead) / median(m.plain)).toFixed(2)}× | ${(median(m.ahead) / median(m.memory)).toFixed(2)}× |`
		);
	}
	console.log('Compacted store (one sealed state record):');
	console.log('| scenario | in-memory apply of the state | encrypted store | enc / in-memory |');
	console.log('| --- | --- | --- | --- |');
	for (const [i, s] of scenarios.entries()) {
		const c = compacted[i];
		const cell = (xs: number[]) =>
			`${f1(median(xs))} ms (${f1(Math.min(...xs))}–${f1(Math.max(...xs))})`;
		console.log(
			`| ${s.label} | ${cell(c.memoryFull)} | ${cell(c.encrypted)} | ${(median(c.encrypted) / median(c.memoryFull)).toFixed(2)}× |`
		);
	}
	console.log(
		`Open of the user's store (once per unlock): median ${f1(median(storeOpens))} ms (${storeOpens.map(f1).join(', ')})`
	);
	console.log(
		`PBKDF2-SHA-256 ${PBKDF2_ITERATIONS} iterations: median ${f1(median(derivations))} ms (${derivations.map(f1).join(', ')})`
	);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
