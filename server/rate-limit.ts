/** A token bucket per socket: `burst` messages at once, refilled at `perSecond`. */
export class TokenBucket {
	#tokens: number;
	#last: number;

	constructor(
		readonly perSecond: number,
		readonly burst: number,
		now = performance.now()
	) {
		this.#tokens = burst;
		this.#last = now;
	}

	/** Takes one token; false when the bucket is empty (the caller closes the socket). */
	take(now = performance.now()): boolean {
		this.#tokens = Math.min(
			this.burst,
			this.#tokens + ((now - this.#last) * this.perSecond) / 1000
		);
		this.#last = now;
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}
}
