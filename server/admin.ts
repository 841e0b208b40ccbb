/**
 * Admin CLI: `node build-server/server/admin.js <command> --flag value …` against DATA_DIR.
 * Every command goes through the same data layer as the app, so access created here is the
 * access the server checks (the benchmark seed included: no bypass anywhere).
 *
 * Passwords of real accounts are read from a prompt (no echo) or, when stdin is not a terminal,
 * from its first line — never from the command line, which lands in shell history and `ps`.
 * [AU7] disable-user, reset-password and end-sessions end the user's sessions; a running server
 * notices within `SESSION_SWEEP_MS` and closes their sockets 4401.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { Compartment } from '../src/lib/domain/compartments.js';
import { StaffRole } from '../src/lib/domain/roles.js';
import {
	defaultParticipant,
	InstitutionKind,
	type Participant
} from '../src/lib/domain/institution.js';
import { checkParticipant, storeParticipant } from '../src/lib/server/staff-law.js';
import { databaseFile, openDatabase, type Db } from '../src/lib/server/db.js';
import { sqliteSqlOf } from '../src/lib/server/sql.js';
import { createFamily, grantAccess, registerDocument } from '../src/lib/server/families.js';
import {
	createUser,
	ensureOrganisation,
	findUserIdByEmail,
	setPassword
} from '../src/lib/server/users.js';
import {
	disableUser,
	enableUser,
	endSessionsOf,
	resetPassword,
	type AccountActor
} from '../src/lib/server/accounts.js';
import { readPassword } from './password-prompt.js';
import { backupSqlite } from './store/backup.js';
import { DocName, DocRole } from '../src/lib/sync/protocol.js';

const text = z.string().trim().min(1);
const email = z.string().trim().toLowerCase().email();

const Commands = {
	'create-org': z.object({ name: text }),
	'create-user': z.object({
		org: text,
		email,
		name: text,
		role: StaffRole,
		// Still accepted for old scripts; without it the password is prompted for (or read from stdin).
		password: z.string().min(8).optional(),
		// [ST2] A participant of another institution (kurator, PCPR, police…) and/or a member of
		// the interdisciplinary team: `--institution policja --institution-name "KPP …" --zi-member yes`.
		institution: InstitutionKind.optional(),
		'institution-name': z.string().optional(),
		'zi-member': z.enum(['yes', 'no']).optional()
	}),
	'disable-user': z.object({ email }),
	'enable-user': z.object({ email }),
	'reset-password': z.object({ email }),
	'end-sessions': z.object({ email }),
	'create-family': z.object({ org: text, name: text, 'assistant-email': email.optional() }),
	grant: z.object({
		'family-id': z.string().uuid(),
		email,
		role: DocRole,
		compartments: z
			.string()
			.transform((s) => s.split(',').map((c) => c.trim()))
			.pipe(z.array(Compartment).min(1))
	}),
	'seed-bench': z.object({
		prefix: z
			.string()
			.regex(/^[A-Za-z0-9._-]{1,64}$/)
			.default('bench'),
		docs: z.coerce.number().int().min(1).max(100_000).default(100),
		// A throwaway account on a scratch data directory: the benchmark script makes a random one.
		password: z.string().min(8)
	})
} as const;
type Command = keyof typeof Commands;

/** The id of an organisation given by id or by name. */
function orgId(db: Db, org: string): string {
	const row = db.prepare('SELECT id FROM organisations WHERE id = ? OR name = ?').get(org, org) as
		{ id: string } | undefined;
	if (!row) throw new Error(`Nie ma organizacji / no organisation: ${org}`);
	return row.id;
}

async function userId(db: Db, mail: string): Promise<string> {
	const id = await findUserIdByEmail(sqliteSqlOf(db), mail);
	if (!id) throw new Error(`Nie ma użytkownika / no user: ${mail}`);
	return id;
}

const CLI: AccountActor = { id: null, role: null, via: 'admin-cli' };

async function run(db: Db, command: Command, raw: Record<string, unknown>): Promise<unknown> {
	const sql = sqliteSqlOf(db);
	switch (command) {
		case 'create-org': {
			const a = Commands[command].parse(raw);
			return { orgId: await ensureOrganisation(sql, a.name) };
		}
		case 'create-user': {
			const a = Commands[command].parse(raw);
			if (await findUserIdByEmail(sql, a.email))
				throw new Error(`E-mail zajęty / taken: ${a.email}`);
			let participant: Participant | null = null;
			if (a.institution || a['institution-name'] !== undefined || a['zi-member']) {
				const base = defaultParticipant(a.role);
				const checked = checkParticipant({
					kind: a.institution ?? base.kind,
					name: a['institution-name'] ?? '',
					ziMember: a['zi-member'] ? a['zi-member'] === 'yes' : base.ziMember
				});
				if (!checked.ok) throw new Error(checked.error);
				participant = checked.value;
			}
			const password = a.password ?? (await readPassword());
			const id = await createUser(sql, {
				email: a.email,
				name: a.name,
				role: a.role,
				password,
				orgId: orgId(db, a.org)
			});
			if (participant) await storeParticipant(sqliteSqlOf(db), id, participant);
			return participant ? { userId: id, institution: participant } : { userId: id };
		}
		case 'disable-user':
			return disableUser(sql, await userId(db, Commands[command].parse(raw).email), CLI);
		case 'enable-user': {
			const id = await userId(db, Commands[command].parse(raw).email);
			await enableUser(sql, id, CLI);
			return { enabled: true };
		}
		case 'reset-password': {
			const id = await userId(db, Commands[command].parse(raw).email);
			return resetPassword(sql, id, await readPassword(), CLI);
		}
		case 'end-sessions':
			return endSessionsOf(sql, await userId(db, Commands[command].parse(raw).email), CLI);
		case 'create-family': {
			const a = Commands[command].parse(raw);
			const assistantId = a['assistant-email'] ? await userId(db, a['assistant-email']) : null;
			const org = orgId(db, a.org);
			return {
				familyId: await createFamily(sqliteSqlOf(db), {
					orgId: org,
					name: a.name,
					assistantId,
					createdBy: null
				})
			};
		}
		case 'grant': {
			const a = Commands[command].parse(raw);
			const grant = {
				familyId: a['family-id'],
				userId: await userId(db, a.email),
				role: a.role,
				compartments: a.compartments,
				grantedBy: null,
				reason: 'admin CLI'
			};
			return { grantId: await grantAccess(sqliteSqlOf(db), grant) };
		}
		case 'seed-bench':
			return seedBench(db, Commands[command].parse(raw));
	}
}

/** The benchmark organisation: one user with an edit grant on `<prefix>-*` scratch documents. */
async function seedBench(db: Db, a: { prefix: string; docs: number; password: string }) {
	const sql = sqliteSqlOf(db);
	const org = await ensureOrganisation(sql, 'Benchmark');
	const benchMail = 'bench@bench.local';
	const found = await findUserIdByEmail(sql, benchMail);
	if (found) await setPassword(sql, found, a.password);
	const user =
		found ??
		(await createUser(sql, {
			orgId: org,
			email: benchMail,
			name: 'Benchmark',
			role: 'asystent',
			password: a.password
		}));
	const family = db
		.prepare('SELECT id FROM families WHERE org_id = ? AND name = ?')
		.get(org, 'Benchmark') as { id: string } | undefined;
	// createFamily gives the assistant an edit grant on every compartment, 'plan' included.
	const familyId =
		family?.id ??
		(await createFamily(sqliteSqlOf(db), {
			orgId: org,
			name: 'Benchmark',
			assistantId: user,
			createdBy: null
		}));
	const names = [
		...Array.from({ length: a.docs }, (_, i) => `${a.prefix}-${i}`),
		`${a.prefix}-warmup`,
		`${a.prefix}-hist`
	];
	await sqliteSqlOf(db).tx(async (t) => {
		for (const n of names) await registerDocument(t, DocName.parse(n), familyId, 'plan', 'scratch');
	});
	return { orgId: org, userId: user, familyId, documents: names.length };
}

/** `backup <file>`: an online copy of DATA_DIR's database while the server runs (README). */
async function backup(args: string[]): Promise<void> {
	if (args.length !== 1 || args[0].startsWith('-')) {
		console.error('usage: admin.js backup <file>');
		process.exit(64);
	}
	const dataDir = z.string().min(1).default('./data').parse(process.env.DATA_DIR);
	// Opening would create an empty database, and back that up without a word.
	if (!fs.existsSync(databaseFile(dataDir))) {
		throw new Error(`Nie ma bazy / no database: ${databaseFile(dataDir)}`);
	}
	const db = openDatabase(databaseFile(dataDir));
	try {
		console.log(JSON.stringify(await backupSqlite(db, args[0])));
	} finally {
		db.close();
	}
}

async function main(): Promise<void> {
	const [command, ...rest] = process.argv.slice(2);
	if (command === 'backup') return backup(rest);
	if (!command || !(command in Commands)) {
		console.error(`usage: admin.js <${Object.keys(Commands).join('|')}> --flag value …`);
		console.error('       admin.js backup <file>');
		process.exit(64);
	}
	// Every flag of the command takes a value; unknown flags are an error (parseArgs strict).
	const flags = Object.keys(Commands[command as Command].shape);
	const options = Object.fromEntries(flags.map((f) => [f, { type: 'string' as const }]));
	const { values } = parseArgs({ args: rest, options, strict: true, allowPositionals: false });
	const dataDir = z.string().min(1).default('./data').parse(process.env.DATA_DIR);
	const db = openDatabase(databaseFile(dataDir));
	try {
		console.log(JSON.stringify(await run(db, command as Command, values)));
	} finally {
		db.close();
	}
}

main().catch((err: unknown) => {
	console.error(
		err instanceof z.ZodError
			? z.prettifyError(err)
			: String(err instanceof Error ? err.message : err)
	);
	process.exit(1);
});
