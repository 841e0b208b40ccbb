/** Polish labels of the codes issue 13 added (NK steps), from the catalogue area `law`. */
import { m } from '$lib/paraglide/messages.js';
import type { NkStep } from '$lib/domain/niebieska-karta';

const nkStep: Record<NkStep, () => string> = {
	do_przewodniczacego: m.law_nk_step_do_przewodniczacego,
	do_grupy: m.law_nk_step_do_grupy,
	posiedzenie: m.law_nk_step_posiedzenie,
	zawiadomienie: m.law_nk_step_zawiadomienie
};

/** [NK1] The step of a Niebieska Karta procedure, with its working-day term. */
export const nkStepText = (s: NkStep): string => nkStep[s]();
