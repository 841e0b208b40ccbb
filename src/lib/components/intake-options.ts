import { onMount } from 'svelte';
import { loadIntakeOptions, type IntakeOptions } from '$lib/state/forms/new-family';

/**
 * The assistants (with their caseloads) and social workers to choose from in a new family and in
 * a change of assistant: fetched once the component is mounted, and only for a user who may
 * choose, since the server refuses everyone else. `failed` gets the Polish reason.
 */
export function onMountIntakeOptions(
	may: () => boolean,
	loaded: (options: IntakeOptions) => void,
	failed: (message: string) => void
): void {
	onMount(() => {
		if (!may()) return;
		void loadIntakeOptions().then((o) => (typeof o === 'string' ? failed(o) : loaded(o)));
	});
}
