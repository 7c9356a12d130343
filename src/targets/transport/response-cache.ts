import { canonicalJson, sha256 } from '../../core/hash.js';

/** A stored successful reply. */
export interface CachedResponse {
  readonly status: number;
  readonly body: unknown;
  readonly storedAt: string;
  /** The request that produced it, without secret headers, so a person can tell entries apart. */
  readonly request?: CacheKeyInput;
}

/**
 * Where successful provider replies are kept, keyed by a hash of the request.
 * Two implementations: `createFileResponseCache` (default, `.assay/cache/`) and
 * `createMemoryResponseCache` (tests, short-lived scripts).
 */
export interface ResponseCache {
  readonly kind: string;
  get(key: string): Promise<CachedResponse | undefined>;
  set(key: string, value: CachedResponse): Promise<void>;
}

/** The parts of a request that decide its reply. Secret headers are never part of it. */
export interface CacheKeyInput {
  readonly method: string;
  readonly url: string;
  readonly headers: { readonly [name: string]: string };
  readonly body: unknown;
  readonly variant?: string | number;
}

/**
 * A sha-256 of method, url, body and the non-secret headers. Callers pass API keys separately
 * (`secretHeaders`), so they can never reach the key or the cache file.
 *
 * @example
 * cacheKey({ method: 'POST', url: 'http://127.0.0.1:8080/v1/chat/completions', headers: {}, body: { model: 'm' } })
 */
export function cacheKey(input: CacheKeyInput): string {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers)) headers[name.toLowerCase()] = value;
  return sha256(
    canonicalJson({
      v: 1,
      method: input.method.toUpperCase(),
      url: input.url,
      headers,
      body: input.body,
      variant: input.variant,
    }),
  );
}

/** An in-memory cache: fast, per process, gone on exit. */
export function createMemoryResponseCache(): ResponseCache & { readonly size: number } {
  const entries = new Map<string, CachedResponse>();
  return {
    kind: 'memory',
    get size() {
      return entries.size;
    },
    async get(key) {
      const hit = entries.get(key);
      return hit === undefined ? undefined : structuredClone(hit);
    },
    async set(key, value) {
      entries.set(key, structuredClone(value));
    },
  };
}
