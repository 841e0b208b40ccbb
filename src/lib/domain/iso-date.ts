/** Calendar dates as records store them (issue 14: shared types in their own domain files). */
import { z } from 'zod';
import { m } from '../paraglide/messages.js';

/** A calendar date, ISO `YYYY-MM-DD`, that exists; '' means "not set yet". */
export const IsoDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, m.domain_plan_date_format())
	.refine((s) => {
		const d = new Date(`${s}T00:00:00Z`);
		return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
	}, m.domain_plan_date_nonexistent());
export const OptionalIsoDate = z.union([z.literal(''), IsoDate]);
