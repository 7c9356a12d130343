/** How long to wait between attempts. */
export interface BackoffOptions {
  /** First backoff ceiling in ms; doubles each attempt. */
  readonly baseMs: number;
  /** Largest backoff ceiling in ms. */
  readonly maxMs: number;
}

export const defaultBackoff: BackoffOptions = Object.freeze({ baseMs: 500, maxMs: 30_000 });

/**
 * Exponential backoff with full jitter: a uniform wait in [0, min(max, base·2^attempt)].
 * Full jitter spreads retries of many concurrent trials so they do not hit the server in step.
 *
 * @example
 * backoffDelay(0, { baseMs: 500, maxMs: 30_000 }) // somewhere in [0, 500)
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/**
 * Reads `retry-after-ms` (OpenAI) or `Retry-After` (seconds or an HTTP date) into milliseconds.
 * Returns undefined when absent or unreadable.
 *
 * @example
 * retryAfterMs(new Headers({ 'retry-after': '2' })) // 2000
 */
export function retryAfterMs(
  headers: { get(name: string): string | null },
  now: number = Date.now(),
): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.max(0, Math.round(Number(value) * 1000));
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** 429 and 5xx are worth another try; other 4xx mean the request itself is wrong. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
