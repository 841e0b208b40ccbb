/**
 * Reads a password for the admin CLI without it ever being on the command line: typed at a
 * prompt with no echo (asked twice), or the first line of stdin when stdin is a pipe
 * (`printf '%s\n' "$PW" | npm run admin -- reset-password --email …`).
 */
import { m } from '../src/lib/paraglide/messages.js';

/** The first line of a piped stdin. */
async function firstLine(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** One line typed on the terminal, not echoed. */
function typed(prompt: string): Promise<string> {
	const stdin = process.stdin;
	process.stderr.write(prompt);
	stdin.setRawMode(true);
	stdin.setEncoding('utf8');
	stdin.resume();
	return new Promise((resolve) => {
		let value = '';
		const onData = (chunk: string) => {
			for (const ch of chunk) {
				if (ch === '\r' || ch === '\n') {
					stdin.off('data', onData);
					stdin.setRawMode(false);
					stdin.pause();
					process.stderr.write('\n');
					return resolve(value);
				}
				if (ch === '\u0003') {
					stdin.setRawMode(false);
					process.exit(130);
				}
				if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
				else value += ch;
			}
		};
		stdin.on('data', onData);
	});
}

/** The new password: prompted twice on a terminal, else read from stdin. */
export async function readPassword(): Promise<string> {
	if (!process.stdin.isTTY) return firstLine();
	const first = await typed(m.security_cli_password_prompt());
	const second = await typed(m.security_cli_password_repeat());
	if (first !== second) throw new Error(m.security_cli_password_mismatch());
	return first;
}
