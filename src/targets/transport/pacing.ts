import type { RateLimiter } from './rate-limiter.js';

/**
 * Paces one target's requests together with other processes calling the same target (queue
 * workers on several machines): `acquire` waits for a slot of the shared requests-per-minute
 * limit and for any shared pause; `pause` makes every process wait, e.g. when the provider
 * answered 429 with `Retry-After`.
 */
export interface Pacer extends RateLimiter {
  /** Every process pacing this target waits at least `ms` from now before its next request. */
  pause(ms: number): void;
}

/** Gives the pacer of a target, by a key naming the target (its name and endpoint). */
export type PacingProvider = (key: string, requestsPerMinute: number | undefined) => Pacer;
