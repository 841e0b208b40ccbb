/**
 * In-process signals between SvelteKit's server code and the sync server. The listener set lives
 * on `globalThis` under a registered symbol, because SvelteKit bundles its own copy of the data
 * layer: two module instances must still reach the same listeners.
 */
export interface Signal<T> {
	/** Subscribes; returns the unsubscribe function. */
	on(listener: (value: T) => void): () => void;
	/** Calls every listener with the value. */
	emit(value: T): void;
}

/** A named process-wide signal. */
export function signal<T>(name: string): Signal<T> {
	const key = Symbol.for(`asysta.signal.${name}`);
	const slot = globalThis as { [k: symbol]: Set<(value: T) => void> | undefined };
	return {
		on(listener) {
			const set = (slot[key] ??= new Set());
			set.add(listener);
			return () => set.delete(listener);
		},
		emit(value) {
			for (const l of slot[key] ?? []) l(value);
		}
	};
}
