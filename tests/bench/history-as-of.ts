/**
 * [HI4] Benchmark: rendering a 5-year family file as of a date (issue 9, "Performance").
 *
 *   node build-bench/tests/bench/history-as-of.js build <dir>    # writes the file's stored log
 *   node build-bench/tests/bench/history-as-of.js measure <dir>  # times as-of renders (fresh process)
 *
 * `build` writes, through the real SQLite store, five years of one family's plan and visit diary:
 * on working days the assistant (and now and then the social worker) edits the plan's texts,
 * statuses and deadlines, adds actions monthly and goals twice a year; every week a visit is
 * recorded and its narratives typed a few words per update. Rows carry the time they would have
 * arrived; a checkpoint every 500 rows, as the rooms write them (RM4). `measure` runs in a fresh
 * process so its peak RSS is the render's own: for dates 1, 2.5 and 5 years in it renders the
 * plan and the diary as of that date (server replay + the device's read of the result), with and
 * without checkpoints, and the history list of the latest 200 changes. Run by
 * tests/bench/history-as-of.sh.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { openDatabase } from '../../src/lib/server/db.js';
import { sectionHistory, stateAsOf } from '../../src/lib/server/history.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';
import { sqliteUpdateLog } from '../../src/lib/server/update-log.js';
import { SqliteDocStore } from '../../server/store/sqlite.js';
import type { CheckpointRow, UpdateRow } from '../../server/store/doc-store.js';
import { docFromState } from '../../src/lib/sync/history.js';
import {
	addAction,
	addGoal,
	initPlan,
	planText,
	readPlan,
	setActionDeadline,
	setActionStatus
} from '../../src/lib/sync/plan-doc.js';
import { addVisit, readVisits, visitFragment } from '../../src/lib/sync/visits-doc.js';
import { fragmentBlocks } from '../../src/lib/sync/print-text.js';
import { VisitNarrative } from '../../src/lib/domain/visit.js';

const DAY = 86_400_000;
const START = Date.UTC(2021, 11, 6, 8, 0);
const YEARS = 5;
const PLAN = 'bench-rodzina-plan';
const VISITS = 'bench-rodzina-visits';
const WORDS =
	'rodzina spotkanie szkoła budżet mieszkanie matka ojciec dzieci zadanie termin wniosek rozmowa postęp wsparcie lekarz praca opłaty plan'.split(
		' '
	);

/** A deterministic pseudo-random sequence (fixed seed: every build writes the same file). */
function rng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

/** Records every update of a doc as a row with the current simulated time and writer. */
function logger(docName: string, doc: Y.Doc) {
	const rows: UpdateRow[] = [];
	const checkpoints: CheckpointRow[] = [];
	const clock = { now: START, user: 'asystent' };
	doc.on('update', (bytes: Uint8Array) => {
		const seq = rows.length + 1;
		rows.push({
			docName,
			seq,
			createdAt: clock.now,
			userId: clock.user,
			sessionId: 'bench',
			clientIds: [doc.clientID],
			bytes
		});
		if (seq % 500 === 0)
			checkpoints.push({
				docName,
				epoch: 1,
				uptoSeq: seq,
				createdAt: clock.now,
				state: Y.encodeStateAsUpdate(doc)
			});
	});
	return { rows, checkpoints, clock };
}

async function build(dir: string): Promise<void> {
	fs.mkdirSync(dir, { recursive: true });
	const db = openDatabase(path.join(dir, 'asysta.sqlite'));
	const store = new SqliteDocStore(db);
	const rand = rng(42);
	const word = () => WORDS[Math.floor(rand() * WORDS.length)];
	const plan = new Y.Doc();
	const visits = new Y.Doc();
	const p = logger(PLAN, plan);
	const v = logger(VISITS, visits);
	initPlan(plan);
	const goals: string[] = [];
	const actions: string[] = [];
	for (let day = 0; day < YEARS * 365; day++) {
		const date = new Date(START + day * DAY);
		const weekday = date.getUTCDay();
		if (weekday === 0 || weekday === 6) continue;
		const iso = date.toISOString().slice(0, 10);
		const at = (minutes: number) => START + day * DAY + minutes * 60_000;
		p.clock.user = v.clock.user = rand() < 0.15 ? 'pracownik' : 'asystent';
		// Twice a year a goal, monthly an action, on working days a few plan edits.
		if (day % 182 === 0) {
			p.clock.now = at(1);
			goals.push(addGoal(plan, { kind: goals.length ? 'szczegolowy' : 'glowny', title: word() }));
		}
		if (day % 30 === 0) {
			p.clock.now = at(2);
			actions.push(addAction(plan, goals[goals.length - 1], { description: word() }));
		}
		for (let i = 0; i < 9; i++) {
			p.clock.now = at(10 + i);
			const id = actions[Math.floor(rand() * actions.length)];
			const r = rand();
			if (r < 0.7) {
				const t = planText(plan, { type: 'action', actionId: id, field: 'description' });
				plan.transact(() => t?.insert(t.length, ` ${word()}`));
			} else if (r < 0.85) {
				setActionStatus(plan, id, rand() < 0.5 ? 'w_trakcie' : 'zrealizowane', iso);
			} else {
				setActionDeadline(plan, id, new Date(at(0) + 30 * DAY).toISOString().slice(0, 10));
			}
		}
		// A visit a week, its narratives typed a few words per update.
		if (weekday === 3) {
			v.clock.now = at(60);
			const id = addVisit(visits, { date: iso, type: 'wizyta_domowa', offline: rand() < 0.3 });
			for (let i = 0; i < 34; i++) {
				v.clock.now = at(90 + i);
				const field = VisitNarrative.options[i % VisitNarrative.options.length];
				const frag = visitFragment(visits, id, field);
				visits.transact(() => {
					if (!frag) return;
					let para = frag.get(0);
					if (!(para instanceof Y.XmlElement)) {
						para = new Y.XmlElement('paragraph');
						frag.insert(0, [para]);
						(para as Y.XmlElement).insert(0, [new Y.XmlText('')]);
					}
					const text = (para as Y.XmlElement).get(0) as Y.XmlText;
					text.insert(text.length, `${word()} ${word()} ${word()} `);
				});
			}
		}
	}
	for (const l of [p, v]) {
		for (let i = 0; i < l.rows.length; i += 2000) {
			const updates = l.rows.slice(i, i + 2000);
			const last = updates[updates.length - 1].seq;
			const checkpoints = l.checkpoints.filter((c) => c.uptoSeq > i && c.uptoSeq <= last);
			await store.commit({ updates, checkpoints });
		}
	}
	const bytes = [...p.rows, ...v.rows].reduce((n, r) => n + r.bytes.byteLength, 0);
	console.log(
		JSON.stringify({
			planRows: p.rows.length,
			visitRows: v.rows.length,
			totalRows: p.rows.length + v.rows.length,
			logBytes: bytes,
			checkpoints: p.checkpoints.length + v.checkpoints.length,
			planActions: readPlan(plan).actions.length,
			visits: readVisits(visits).visits.length
		})
	);
	db.close();
}

async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
	const t = process.hrtime.bigint();
	const value = await fn();
	return { ms: Number(process.hrtime.bigint() - t) / 1e6, value };
}

async function measure(dir: string, withoutCheckpoints: boolean): Promise<void> {
	const db = openDatabase(path.join(dir, 'asysta.sqlite'));
	if (withoutCheckpoints) db.exec('DELETE FROM doc_checkpoints');
	const log = sqliteUpdateLog(db);
	const rssBefore = process.memoryUsage().rss;
	const out: Record<string, unknown>[] = [];
	for (const years of [1, 2.5, 5]) {
		const at = START + years * 365 * DAY;
		const planAt = await timed(() => stateAsOf(log, PLAN, at));
		const planRender = await timed(() => {
			const doc = docFromState(planAt.value.state);
			const n = readPlan(doc).actions.length;
			doc.destroy();
			return n;
		});
		const visitsAt = await timed(() => stateAsOf(log, VISITS, at));
		const visitsRender = await timed(() => {
			const doc = docFromState(visitsAt.value.state);
			const list = readVisits(doc).visits;
			let blocks = 0;
			for (const vis of list)
				for (const f of VisitNarrative.options)
					blocks += fragmentBlocks(visitFragment(doc, vis.id, f)).length;
			doc.destroy();
			return { visits: list.length, blocks };
		});
		out.push({
			years,
			planSeq: planAt.value.seq,
			planServerMs: +planAt.ms.toFixed(1),
			planDeviceMs: +planRender.ms.toFixed(1),
			planActions: planRender.value,
			planStateBytes: planAt.value.state.byteLength,
			visitsSeq: visitsAt.value.seq,
			visitsServerMs: +visitsAt.ms.toFixed(1),
			visitsDeviceMs: +visitsRender.ms.toFixed(1),
			visits: visitsRender.value.visits,
			visitsStateBytes: visitsAt.value.state.byteLength
		});
	}
	const list = await timed(() =>
		sectionHistory(sqliteSqlOf(db), log, PLAN, 'plan', { limit: 200 })
	);
	const usage = process.resourceUsage();
	console.log(
		JSON.stringify({
			checkpoints: !withoutCheckpoints,
			asOf: out,
			historyList200Ms: +list.ms.toFixed(1),
			historyMatched: list.value.matched,
			rssBeforeMB: +(rssBefore / 2 ** 20).toFixed(1),
			peakRssMB: +(usage.maxRSS / 1024).toFixed(1),
			heapUsedMB: +(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)
		})
	);
	db.close();
}

const [mode, dir, flag] = process.argv.slice(2);
if (mode === 'build' && dir) await build(dir);
else if (mode === 'measure' && dir) await measure(dir, flag === '--no-checkpoints');
else {
	console.error('usage: history-as-of.js build|measure <dir> [--no-checkpoints]');
	process.exit(2);
}
