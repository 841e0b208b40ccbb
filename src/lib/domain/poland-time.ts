/**
 * Instants of days in Poland's calendar (Europe/Warsaw, with summer time): "as of 12 March" means
 * the end of 12 March in Poland, wherever the server or the device runs.
 */
import { IsoDate } from './iso-date.js';

const warsaw = new Intl.DateTimeFormat('en-US', {
	timeZone: 'Europe/Warsaw',
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit'
});

/** Warsaw's offset from UTC in ms at instant `t`. */
function offsetAt(t: number): number {
	const p = Object.fromEntries(warsaw.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
	const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
	return asUtc - Math.floor(t / 1000) * 1000;
}

/** The instant a wall-clock time in Poland stands for. */
function polandInstant(y: number, m: number, d: number, h: number, min: number, s: number): number {
	const guess = Date.UTC(y, m - 1, d, h, min, s);
	// Two passes settle the offset also on the days summer time starts or ends.
	const first = guess - offsetAt(guess);
	return guess - offsetAt(first);
}

/** First and last millisecond of a day (YYYY-MM-DD) in Poland; null for a malformed date. */
export function polandDayBounds(iso: string): { start: number; end: number } | null {
	if (!IsoDate.safeParse(iso).success) return null;
	const [y, m, d] = iso.split('-').map(Number);
	const start = polandInstant(y, m, d, 0, 0, 0);
	const next = new Date(Date.UTC(y, m - 1, d + 1));
	const end =
		polandInstant(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, 0, 0) - 1;
	return { start, end };
}
