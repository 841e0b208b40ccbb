/**
 * [AC6] A remark on an item of a compartment (e.g. a plan action), as the comments document holds
 * it. Its own domain file (issue 14), so the sync module that stores remarks carries no UI text.
 */
import { z } from 'zod';
import { m } from '../paraglide/messages.js';

/** One remark. */
export const Remark = z.object({
	id: z.string().min(1).max(64),
	/** The commented item's id, e.g. an action id of the plan. */
	itemId: z.string().min(1).max(64),
	text: z
		.string()
		.trim()
		.min(1, m.domain_remark_text_required())
		.max(2000, m.domain_remark_text_too_long()),
	authorId: z.string().min(1).max(64),
	authorName: z.string().max(200),
	authorRole: z.string().max(64),
	/** Device time, ISO. */
	at: z.string().datetime({ offset: true })
});
export type Remark = z.infer<typeof Remark>;

/** The Polish message for a remark that would not be stored: the first problem found. */
export function remarkError(error: z.ZodError): string {
	return error.issues[0]?.message ?? m.domain_remark_invalid();
}
