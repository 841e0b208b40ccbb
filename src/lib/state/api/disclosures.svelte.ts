/**
 * A family's disclosures (udostępnienia, DR7) from `GET /api/families/<id>/disclosures`, for the
 * Dostęp i dziennik page. Online only, like the audit trail beside it; the response is parsed.
 */
import { z } from 'zod';

const Disclosure = z.object({
	id: z.string(),
	recipient: z.string(),
	legalBasis: z.string(),
	documentKind: z.string(),
	caseRef: z.string(),
	documentVersion: z.string(),
	contentHash: z.string(),
	method: z.string(),
	disclosedAt: z.number(),
	recordedAt: z.number(),
	actorName: z.string().nullable()
});
export type Disclosure = z.infer<typeof Disclosure>;

export class DisclosuresState {
	list = $state.raw<Disclosure[]>([]);
	/** 'offline' when the server could not be reached, 'forbidden' for users who may not see it. */
	problem = $state<'offline' | 'forbidden' | 'error' | null>(null);
	loaded = $state(false);
	readonly familyId: string;

	constructor(familyId: string) {
		this.familyId = familyId;
	}

	async load(): Promise<void> {
		try {
			const res = await fetch(`/api/families/${encodeURIComponent(this.familyId)}/disclosures`);
			if (res.status === 403) this.problem = 'forbidden';
			else if (!res.ok) this.problem = 'error';
			else {
				const body = z.object({ disclosures: z.array(Disclosure) }).safeParse(await res.json());
				this.problem = body.success ? null : 'error';
				if (body.success) this.list = body.data.disclosures;
			}
		} catch {
			this.problem = 'offline';
		}
		this.loaded = true;
	}
}
