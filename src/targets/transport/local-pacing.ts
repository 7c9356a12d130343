import { sleep } from './backoff.js';
import type { Pacer, PacingProvider } from './pacing.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';

/**
 * Pacing shared by several targets in one process (the cells of a matrix): targets that call
 * the same model at the same endpoint get one pacer, so their requests together keep its
 * `rateLimit` (the lowest any of them set), and a `Retry-After` seen by one pauses them all.
 *
 * @example
 * const pacing = createLocalPacing();
 * for (const cell of cells) await resolveEval(cell, overrides, env, { pacing });
 */
export function createLocalPacing(now: () => number = () => performance.now()): PacingProvider {
  const pacers = new Map<string, LocalPacer>();
  return (key, requestsPerMinute) => {
    let pacer = pacers.get(key);
    if (!pacer) pacers.set(key, (pacer = new LocalPacer(now)));
    pacer.limitTo(requestsPerMinute);
    return pacer;
  };
}

class LocalPacer implements Pacer {
  readonly #now: () => number;
  #requestsPerMinute = Infinity;
  #limiter: RateLimiter | undefined;
  #pausedUntil = -Infinity;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Adopts a lower requests-per-minute limit (the strictest of the targets sharing it wins). */
  limitTo(requestsPerMinute: number | undefined): void {
    if (requestsPerMinute === undefined || requestsPerMinute >= this.#requestsPerMinute) return;
    this.#requestsPerMinute = requestsPerMinute;
    this.#limiter = createRateLimiter({ requestsPerMinute }, this.#now);
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    for (let wait = this.#pausedUntil - this.#now(); wait > 0; wait = this.#pausedUntil - this.#now())
      await sleep(wait, signal);
    await this.#limiter?.acquire(signal);
  }

  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#now() + ms);
  }
}
