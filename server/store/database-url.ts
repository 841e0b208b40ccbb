/**
 * DATABASE_URL: unset or empty keeps the documents in SQLite in DATA_DIR; `postgres://…` (or
 * `postgresql://…`) puts them in PostgreSQL. A value that is neither fails start-up with a message
 * that names the variable and says what is wrong, and never repeats the value: it may hold a
 * password, and start-up output ends up in logs.
 */
/** DATABASE_URL is set but unusable; the message is safe to print. */
export class DatabaseUrlError extends Error {
	override name = 'DatabaseUrlError';
}

export interface DatabaseUrl {
	connectionString: string;
	/** `postgres://user:***@host:port/db`, safe for logs. */
	redacted: string;
}

const EXPECTED = 'expected postgres://user:password@host:5432/database';

function fail(what: string): never {
	throw new DatabaseUrlError(`DATABASE_URL ${what} (${EXPECTED})`);
}

/** The PostgreSQL URL from `env`, or null when DATABASE_URL is unset or empty. */
export function databaseUrlFrom(env: NodeJS.ProcessEnv): DatabaseUrl | null {
	const raw = env.DATABASE_URL?.trim();
	if (!raw) return null;
	// URL() would quietly percent-encode them; a pasted value with a space is a mistake.
	if (/\s/.test(raw)) fail('contains whitespace');
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		// Not even the error of URL: Node puts the input into it.
		fail('is not a URL');
	}
	if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
		fail('must start with postgres:// or postgresql://');
	}
	// A unix socket directory may come as ?host=/run/postgresql instead of a host name.
	if (!url.hostname && !url.searchParams.get('host')) fail('has no host');
	const database = url.pathname.replace(/^\//, '');
	if (!database) fail('has no database name');
	if (url.port && !/^\d+$/.test(url.port)) fail('has an invalid port');
	try {
		decodeURIComponent(url.username);
		decodeURIComponent(url.password);
		decodeURIComponent(database);
	} catch {
		fail('has invalid percent-encoding');
	}
	const user = url.username ? decodeURIComponent(url.username) : '';
	const auth = user ? `${user}${url.password ? ':***' : ''}@` : '';
	const host = url.hostname || url.searchParams.get('host');
	return {
		connectionString: raw,
		redacted: `postgres://${auth}${host}${url.port ? `:${url.port}` : ''}/${database}`
	};
}
