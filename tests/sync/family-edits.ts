/**
 * Random legitimate edits of a family's real documents (plan, core with its case log, visits),
 * made with the app's own write functions and drawn wholly from a seeded generator, so a run
 * replays exactly: shared by the write-policy property test (RM17) and the rooms fuzz.
 */
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import type { CaseEvent } from '../../src/lib/domain/case-events.js';
import { actorFor } from '../../src/lib/domain/case-intake.js';
import { EXITS } from '../../src/lib/domain/case-state.js';
import { checkTransition, planGuardInputs } from '../../src/lib/domain/guards.js';
import { StaffRole } from '../../src/lib/domain/roles.js';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/settings.js';
import type { Db } from '../../src/lib/server/db.js';
import { createFamily } from '../../src/lib/server/families.js';
import { createUser, ensureOrganisation } from '../../src/lib/server/users.js';
import * as core from '../../src/lib/sync/core-doc.js';
import * as plan from '../../src/lib/sync/plan-doc.js';
import { addVisit, updateVisit, visitFragment } from '../../src/lib/sync/visits-doc.js';
import { coreRoots, planRoots, visitsRoots } from '../../src/lib/sync/doc-schema.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';

const DAY = 86_400_000;

export type Who = { userId: string; name: string; staffRole: StaffRole };
export type People = Record<'anna' | 'piotr' | 'krystyna', Who>;

/** A family of the assistant Anna, with a social worker and the head of the same organisation. */
export async function seedFamily(db: Db): Promise<{ familyId: string; people: People }> {
	const org = await ensureOrganisation(sqliteSqlOf(db), 'OPS Właściwość');
	const mk = async (email: string, name: string, staffRole: StaffRole): Promise<Who> => ({
		userId: await createUser(sqliteSqlOf(db), {
			orgId: org,
			email,
			name,
			role: staffRole,
			password: 'x-haslo-1'
		}),
		name,
		staffRole
	});
	const people: People = {
		anna: await mk('a@t.pl', 'Anna A.', 'asystent'),
		piotr: await mk('p@t.pl', 'Piotr P.', 'pracownik_socjalny'),
		krystyna: await mk('k@t.pl', 'Krystyna K.', 'kierownik')
	};
	const familyId = await createFamily(sqliteSqlOf(db), {
		orgId: org,
		name: 'R.',
		assistantId: people.anna.userId,
		createdBy: people.anna.userId
	});
	return { familyId, people };
}

/** Who writes each document: two devices of the assistant and the others the policy allows. */
export const WRITERS: Record<'plan' | 'core' | 'visits', (keyof People)[]> = {
	plan: ['anna', 'piotr', 'anna'],
	core: ['anna', 'piotr', 'krystyna'],
	visits: ['anna', 'anna', 'anna']
};

type Uuid = ReturnType<typeof crypto.randomUUID>;
/** A UUID drawn from the seed, so a run replays exactly. */
export function seededUuid(gen: prng.PRNG): Uuid {
	const hex = (n: number) =>
		Array.from({ length: n }, () => prng.int32(gen, 0, 15).toString(16)).join('');
	return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

/** One random legitimate edit on `doc` by `who`, with ids and text from the seed. */
export function editPlan(gen: prng.PRNG, doc: Y.Doc): void {
	const p = plan.readPlan(doc);
	const r = prng.real53(gen);
	const id = () => seededUuid(gen);
	if (r < 0.1 || p.goals.length === 0)
		plan.addGoal(doc, { kind: 'szczegolowy', title: prng.word(gen, 2, 8) }, id());
	else if (r < 0.25)
		plan.addAction(doc, prng.oneOf(gen, p.goals).id, { description: prng.word(gen, 1, 6) }, id());
	else if (r < 0.55 && p.actions.length > 0 && prng.bool(gen))
		// [SY10] Short fields are replaced whole.
		plan.setActionText(
			doc,
			prng.oneOf(gen, p.actions).id,
			prng.oneOf(gen, ['description', 'responsible', 'expectedEffect'] as const),
			prng.word(gen, 1, 8)
		);
	else if (r < 0.55 && prng.bool(gen))
		plan.setGoalTitle(doc, prng.oneOf(gen, p.goals).id, prng.word(gen, 1, 8));
	else if (r < 0.55 || p.actions.length === 0) {
		const text = plan.planText(doc, { type: 'notes' });
		if (!text) return;
		if (text.length > 0 && prng.bool(gen)) {
			const at = prng.int32(gen, 0, text.length - 1);
			doc.transact(() => text.delete(at, Math.min(3, text.length - at)), plan.LOCAL_ORIGIN);
		} else
			doc.transact(
				() => text.insert(prng.int32(gen, 0, text.length), prng.word(gen, 1, 5)),
				plan.LOCAL_ORIGIN
			);
	} else if (r < 0.7) {
		const day = `2026-${String(prng.int32(gen, 1, 12)).padStart(2, '0')}-1${prng.int32(gen, 0, 9)}`;
		plan.setActionDeadline(doc, prng.oneOf(gen, p.actions).id, day);
	} else if (r < 0.85)
		plan.setActionStatus(
			doc,
			prng.oneOf(gen, p.actions).id,
			prng.oneOf(gen, ['planowane', 'w_trakcie', 'zrealizowane'] as const),
			'2026-03-01'
		);
	else if (r < 0.93) plan.removeAction(doc, prng.oneOf(gen, p.actions).id);
	else
		plan.setGoalKind(doc, prng.oneOf(gen, p.goals).id, prng.bool(gen) ? 'glowny' : 'szczegolowy');
}

export function editCore(gen: prng.PRNG, doc: Y.Doc, who: Who, step: number): void {
	const file = core.readCore(doc);
	const r = prng.real53(gen);
	if (r < 0.15)
		core.setFlag(doc, prng.oneOf(gen, ['niepelna', 'wielodzietna'] as const), prng.bool(gen));
	else if (r < 0.25)
		core.setProblem(doc, prng.oneOf(gen, ['bezrobocie', 'ubostwo'] as const), prng.bool(gen));
	else if (r < 0.35)
		core.addMember(doc, { name: prng.word(gen, 3, 8), relation: 'dziecko' }, seededUuid(gen));
	else if (r < 0.45 && file.members.length > 0)
		core.setMemberField(doc, prng.oneOf(gen, file.members).id, 'school', prng.word(gen, 2, 6));
	else if (r < 0.5 && file.members.length > 0)
		core.removeMember(doc, prng.oneOf(gen, file.members).id);
	else if (r < 0.75)
		// [SY13] The address and place of work are written whole.
		core.setHouseholdText(
			doc,
			prng.bool(gen) ? 'address' : 'workPlace',
			`${prng.word(gen, 3, 10)} ${prng.int32(gen, 1, 99)}`
		);
	else {
		// A case event as the UI records it: stamped with the writer, a transition only when the
		// device's own check allows it (TransitionPanel), or a consent or a safety concern.
		const stamp = {
			id: `e-${step}-${prng.int32(gen, 0, 0x7fffffff)}`,
			// [DB4] Recorded by the device's clock: yesterday (from the clock the test runs on, fake or
			// real), a second per step, so never ahead and never a month back in any year.
			at: new Date(Math.floor(Date.now() / DAY) * DAY - DAY + step * 1000).toISOString(),
			actorId: who.userId,
			actorName: who.name,
			actorRole: who.staffRole,
			online: true
		};
		const view = file.caseView;
		const actor = actorFor(who.staffRole);
		const exits = EXITS[view.state].filter(
			(e) =>
				actor &&
				checkTransition(view, e.to, {
					settings: DEFAULT_SETTINGS,
					actor,
					...planGuardInputs(view),
					headAcceptedClosure: actor === 'kierownik',
					finalAssessmentHash: view.closure?.finalAssessmentRef?.hash ?? null
				}).ok
		);
		let event: CaseEvent;
		if (file.caseEvents.length === 0)
			event = {
				...stamp,
				type: 'przyjecie',
				to: 'PRZYDZIELONA',
				refs: { pomostId: '', signalDate: '', letterNo: '' }
			};
		else if (exits.length > 0 && prng.bool(gen))
			event = {
				...stamp,
				type: 'przejscie',
				from: view.state,
				to: prng.oneOf(gen, exits).to,
				reason: 'powód'
			};
		else if (prng.bool(gen))
			event = { ...stamp, type: 'zgoda', kind: 'pisemna', date: '2026-01-02', signatories: [] };
		else event = { ...stamp, type: 'zagrozenie', date: '2026-01-03', concernId: `c-${step}` };
		core.appendCaseEvent(doc, event);
	}
}

export function editVisits(gen: prng.PRNG, doc: Y.Doc): void {
	const visits = doc.getArray<Y.Map<unknown>>('visits').toArray();
	const ids = visits.map((v) => v.get('id') as string);
	const r = prng.real53(gen);
	if (r < 0.15 || ids.length === 0)
		addVisit(
			doc,
			{
				date: '2026-02-0' + prng.int32(gen, 1, 9),
				start: '10:00',
				end: '11:00',
				type: 'wizyta_domowa',
				place: prng.word(gen, 2, 6),
				present: '',
				offline: false
			},
			seededUuid(gen)
		);
	else if (r < 0.35)
		updateVisit(doc, prng.oneOf(gen, ids), {
			place: prng.word(gen, 2, 9),
			present: prng.word(gen, 0, 5)
		});
	else {
		// Rich text as Tiptap writes it: paragraphs of text inside the narrative's fragment.
		const frag = visitFragment(
			doc,
			prng.oneOf(gen, ids),
			prng.oneOf(gen, ['topics', 'progress', 'observations'] as const)
		);
		if (!frag) return;
		doc.transact(() => {
			if (frag.length === 0 || prng.real53(gen) < 0.2) {
				const p = new Y.XmlElement('paragraph');
				p.insert(0, [new Y.XmlText(prng.word(gen, 1, 6))]);
				frag.insert(frag.length, [p]);
				return;
			}
			const p = frag.get(prng.int32(gen, 0, frag.length - 1));
			const t = p instanceof Y.XmlElement ? p.get(0) : null;
			if (!(t instanceof Y.XmlText)) return;
			if (t.length > 0 && prng.bool(gen)) t.delete(prng.int32(gen, 0, t.length - 1), 1);
			else t.insert(prng.int32(gen, 0, t.length), prng.word(gen, 1, 4));
		}, plan.LOCAL_ORIGIN);
	}
}

/** The whole document, every root defined (a fresh Y.Doc lists only the roots it was asked for). */
export function familyView(d: Y.Doc): unknown {
	planRoots(d);
	coreRoots(d);
	visitsRoots(d);
	return d.toJSON();
}
