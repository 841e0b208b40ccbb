/**
 * The answers API routes share, so each status code and its JSON shape is written once: a refusal
 * is `{ error }` with a Polish message, and what holds a user's or a family's data carries
 * `cache-control: no-store` (no shared cache or back button may keep it).
 */
import { json, type RequestEvent, type RequestHandler } from '@sveltejs/kit';
import type { z } from 'zod';
import type { SessionUser } from '../session.js';
import { m } from '../../paraglide/messages.js';

/** Headers of an answer no cache may keep. */
export const NO_STORE = { 'cache-control': 'no-store' } as const;

/** A refusal: `{ error }` with its status. */
export function refuse(status: number, error: string, headers?: Record<string, string>): Response {
	return json({ error }, { status, headers });
}

/** 401: no live session behind the request. */
export function notSignedIn(headers?: Record<string, string>): Response {
	return refuse(401, m.api_not_signed_in(), headers);
}

/** The request's JSON body if it has `schema`'s shape; null when it is not JSON or not that shape. */
export async function readJson<S extends z.ZodType>(
	request: Request,
	schema: S
): Promise<z.infer<S> | null> {
	const parsed = schema.safeParse(await request.json().catch(() => null));
	return parsed.success ? parsed.data : null;
}

/**
 * A handler for a signed-in user's request with a JSON body of `schema`'s shape: 401 without a
 * user, 400 with `badRequest` for a body that is not that shape, else `handle`'s answer.
 */
export function withJsonBody<S extends z.ZodType>(
	schema: S,
	badRequest: () => string,
	handle: (user: SessionUser, body: z.infer<S>, event: RequestEvent) => Response | Promise<Response>
): RequestHandler {
	return async (event) => {
		const user = event.locals.user;
		if (!user) return notSignedIn();
		const body = await readJson(event.request, schema);
		if (body === null) return refuse(400, badRequest());
		return handle(user, body, event);
	};
}
