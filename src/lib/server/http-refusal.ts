/**
 * The refusal most data-layer checks answer with: the HTTP status the route returns and the Polish
 * message it shows. One name for the shape that admin, intake, staff and history checks share.
 */
import type { Refusal } from '../domain/result.js';

/** A refusal with its HTTP status (one of `S`) and the Polish message for the user. */
export type HttpRefusal<S extends number> = Refusal<{ status: S; error: string }>;
