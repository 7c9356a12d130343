import { sleep } from './backoff.js';

/** Limits how many requests start per minute. */
export interface RateLimiter {
  /** Waits (asynchronously, one timer per waiter) until the caller may send its request. */
  acquire(signal?: AbortSignal): Promise<void>;
}

export interface RateLimitOptions {
  readonly requestsPerMinute: number;
  /** How many requests may start at once before spacing applies (default 1: evenly spaced). */
  readonly burst?: number;
}

/**
 * A token bucket (in its "virtual scheduling" form): each caller reserves the next free slot
 * and sleeps until it, so waiting never polls and callers are served in arrival order.
 *
 * @example
 * const limiter = createRateLimiter({ requestsPerMinute: 600 }); // one request every 100 ms
 * await limiter.acquire(signal);
 */
export function createRateLimiter(
  options: RateLimitOptions,
  now: () => number = () => performance.now(),
  wait: (ms: number, signal?: AbortSignal) => Promise<void> = sleep,
): RateLimiter {
  const interval = 60_000 / options.requestsPerMinute;
  const tolerance = interval * Math.max(0, (options.burst ?? 1) - 1);
  // The theoretical arrival time of the next request: the bucket is full when it is in the past.
  let nextSlot = -Infinity;
  return {
    async acquire(signal) {
      const t = now();
      const slot = Math.max(t, nextSlot);
      nextSlot = slot + interval;
      const delay = slot - tolerance - t;
      if (delay > 0) await wait(delay, signal);
    },
  };
}
