/** Polish sync wording for components (which do not import $lib/sync themselves). */
export { pendingChangesPl } from '$lib/sync/save-state';
export type { SyncView, SyncStateKind } from '$lib/sync/save-state';
