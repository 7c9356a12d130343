import type { OnStop } from '../../core/lazy-signal.js';
import {
  backoffDelay,
  defaultBackoff,
  isRetryableStatus,
  retryAfterMs,
  sleep,
  type BackoffOptions,
} from './backoff.js';
import type { Pacer } from './pacing.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';
import { cacheKey, type ResponseCache } from './response-cache.js';
import { splitUrlCredentials } from './url-credentials.js';
import { sendRequest, type AttemptOutcome } from './send-request.js';
import { excerpt, redact, TransportError, type TransportFailure } from './transport-error.js';

export interface TransportOptions {
  /** The target or model name, used in error messages. */
  readonly name: string;
  /** Per-attempt timeout; the caller's signal still applies on top (default 60 s). */
  readonly timeoutMs?: number;
  /** Extra attempts after the first on 429, 5xx, timeouts and network errors (default 3). */
  readonly retries?: number;
  readonly backoff?: BackoffOptions;
  /** A server asking to wait longer than this (default 60 s) fails the call instead. */
  readonly maxRetryAfterMs?: number;
  /** Requests per minute, or a limiter shared between several transports. */
  readonly rateLimit?: number | RateLimiter;
  /** Pacing shared with other processes; replaces `rateLimit`, and `Retry-After` pauses it for all of them. */
  readonly pacer?: Pacer;
  readonly cache?: ResponseCache | null;
}

export interface TransportRequest {
  readonly url: string;
  readonly method?: 'POST' | 'GET';
  /** Headers that shape the reply; part of the cache key. */
  readonly headers?: { readonly [name: string]: string };
  /** Credentials: sent, but never part of the cache key, an error or anything returned. */
  readonly secretHeaders?: { readonly [name: string]: string };
  readonly body?: unknown;
}

export interface TransportCallOptions {
  readonly signal: AbortSignal;
  /**
   * The same stop as `signal` without making one (`TargetContext.onStop`): each attempt listens
   * through it, and `signal` is read only to pace, to back off or to say why a call stopped.
   */
  readonly onStop?: OnStop;
  /** Read and write the response cache for this call (the target decides: config, temperature, `--no-cache`). */
  readonly cache: boolean;
  /** Part of the cache key besides the request (e.g. the repeat number). */
  readonly cacheVariant?: string | number;
}

export interface TransportResult<T> {
  readonly value: T;
  /** The parsed JSON reply, as the server sent it. */
  readonly body: unknown;
  readonly status: number;
  readonly cached: boolean;
  /** Time of the successful attempt (or of the cache lookup). */
  readonly latencyMs: number;
  readonly attempts: number;
}

/** Turns a reply body into the caller's shape, or throws a message saying what is missing. */
export type ReplyParser<T> = (body: unknown) => T;

/**
 * One HTTP client shared by every HTTP target and chat model: per-attempt timeouts, retries
 * with exponential backoff and full jitter honouring `Retry-After`, a requests-per-minute
 * limit and a response cache. Only successful, parseable replies are cached.
 *
 * @example
 * const transport = new HttpTransport({ name: 'gpt', retries: 2, rateLimit: 60 });
 * const { value } = await transport.send(
 *   { url, body, secretHeaders: { authorization: `Bearer ${key}` } },
 *   { signal, cache: true },
 *   (body) => (body as { answer: string }).answer,
 * );
 */
export class HttpTransport {
  readonly #name: string;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #backoff: BackoffOptions;
  readonly #maxRetryAfterMs: number;
  readonly #limiter: RateLimiter | undefined;
  readonly #pacer: Pacer | undefined;
  readonly #cache: ResponseCache | null;

  constructor(options: TransportOptions) {
    this.#name = options.name;
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#retries = options.retries ?? 3;
    this.#backoff = options.backoff ?? defaultBackoff;
    this.#maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.#pacer = options.pacer;
    this.#limiter =
      options.pacer ??
      (typeof options.rateLimit === 'number'
        ? createRateLimiter({ requestsPerMinute: options.rateLimit })
        : options.rateLimit);
    this.#cache = options.cache ?? null;
  }

  get cache(): ResponseCache | null {
    return this.#cache;
  }

  async send<T>(
    given: TransportRequest,
    options: TransportCallOptions,
    parse: ReplyParser<T>,
  ): Promise<TransportResult<T>> {
    const request = withoutUrlCredentials(given);
    const method = request.method ?? 'POST';
    const useCache = options.cache && this.#cache !== null;
    const keyInput = useCache ? cacheKeyInput(request, method, options.cacheVariant) : undefined;
    const key = keyInput === undefined ? '' : cacheKey(keyInput);
    if (useCache) {
      const started = performance.now();
      const hit = await this.#cache!.get(key);
      if (hit !== undefined) {
        const value = this.#parse(parse, hit.body, hit.status, request, 1);
        return {
          value,
          body: hit.body,
          status: hit.status,
          cached: true,
          latencyMs: performance.now() - started,
          attempts: 0,
        };
      }
    }
    const result = await this.#sendWithRetries(request, method, options, parse);
    if (useCache)
      await this.#cache!.set(key, {
        status: result.status,
        body: result.body,
        storedAt: new Date().toISOString(),
        request: keyInput!,
      });
    return result;
  }

  async #sendWithRetries<T>(
    request: TransportRequest,
    method: string,
    call: TransportCallOptions,
    parse: ReplyParser<T>,
  ): Promise<TransportResult<T>> {
    // Only an error needs these: made on the first failure, not for every request.
    let secretList: string[] | undefined;
    const secrets = () => (secretList ??= Object.values(request.secretHeaders ?? {}).flatMap(secretParts));
    let whereText: string | undefined;
    const where = () => (whereText ??= `${method} ${describeUrl(request.url)}`);
    for (let attempt = 0; ; attempt++) {
      const attempts = attempt + 1;
      const isLast = attempt >= this.#retries;
      if (this.#limiter) await this.#limiter.acquire(call.signal);
      const outcome = await this.#attempt(request, method, call.onStop ?? call.signal);
      if (outcome.kind === 'reply' && outcome.status >= 200 && outcome.status < 300) {
        let body: unknown;
        try {
          body = JSON.parse(outcome.text);
        } catch {
          throw new TransportError(
            'malformed-reply',
            `${this.#name}: ${where()} returned a reply that is not valid JSON (HTTP ${outcome.status}): ${excerpt(outcome.text, secrets()) || '(empty body)'}`,
            {
              status: outcome.status,
              bodyExcerpt: excerpt(outcome.text, secrets()),
              attempts,
              hint: 'Check that baseUrl points at the API itself (for OpenAI-compatible servers it usually ends in /v1).',
            },
          );
        }
        const value = this.#parse(parse, body, outcome.status, request, attempts);
        return { value, body, status: outcome.status, cached: false, latencyMs: outcome.latencyMs, attempts };
      }
      let error: TransportError;
      let wait: number;
      if (outcome.kind === 'reply') {
        const bodyExcerpt = excerpt(outcome.text, secrets());
        const message = `${this.#name}: HTTP ${outcome.status} from ${where()}${attempts > 1 ? ` after ${attempts} attempts` : ''}${bodyExcerpt ? `: ${bodyExcerpt}` : ''}`;
        error = new TransportError('http', message, {
          status: outcome.status,
          bodyExcerpt,
          attempts,
          hint: hintForStatus(outcome.status),
        });
        if (!isRetryableStatus(outcome.status)) throw error;
        const asked = retryAfterMs(outcome.headers);
        if (asked !== undefined && asked > this.#maxRetryAfterMs) {
          throw new TransportError(
            'retry-after-too-long',
            `${message} (the server asked to wait ${Math.round(asked / 1000)} s, more than the ${Math.round(this.#maxRetryAfterMs / 1000)} s limit)`,
            {
              status: outcome.status,
              bodyExcerpt,
              attempts,
              hint: 'Lower the request rate with `rateLimit` (requests per minute) or try again later.',
            },
          );
        }
        if (asked !== undefined) this.#pacer?.pause(asked);
        wait = asked ?? backoffDelay(attempt, this.#backoff);
      } else if (outcome.kind === 'aborted') {
        const signal = call.signal;
        throw signal.reason instanceof Error
          ? signal.reason
          : new TransportError('aborted', `${this.#name}: ${where()} was cancelled`, { attempts });
      } else {
        const failure: TransportFailure = outcome.kind;
        const what =
          outcome.kind === 'timeout'
            ? `timed out after ${this.#timeoutMs} ms`
            : `failed: ${redact(outcome.message, secrets())}`;
        error = new TransportError(
          failure,
          `${this.#name}: ${where()} ${what}${attempts > 1 ? ` (${attempts} attempts)` : ''}`,
          {
            attempts,
            hint:
              failure === 'timeout'
                ? 'Raise `timeoutMs` on the target, or check that the server is responding.'
                : 'Check that the server is running and that baseUrl is right.',
          },
        );
        wait = backoffDelay(attempt, this.#backoff);
      }
      if (isLast) throw error;
      const signal = call.signal;
      await sleep(wait, signal).catch(() => {
        throw signal.reason instanceof Error
          ? signal.reason
          : new TransportError('aborted', `${this.#name}: ${where()} was cancelled`, { attempts });
      });
    }
  }

  #attempt(request: TransportRequest, method: string, stop: AbortSignal | OnStop): Promise<AttemptOutcome> {
    return sendRequest(
      {
        url: request.url,
        method,
        headers: Object.assign(
          { 'content-type': 'application/json', accept: 'application/json' },
          request.headers,
          request.secretHeaders,
        ),
        body: request.body === undefined || method === 'GET' ? undefined : JSON.stringify(request.body),
      },
      stop,
      this.#timeoutMs,
    );
  }

  #parse<T>(parse: ReplyParser<T>, body: unknown, status: number, request: TransportRequest, attempts: number): T {
    try {
      return parse(body);
    } catch (error) {
      const secrets = Object.values(request.secretHeaders ?? {}).flatMap(secretParts);
      const text = JSON.stringify(body) ?? String(body);
      throw new TransportError(
        'malformed-reply',
        `${this.#name}: unexpected reply from ${describeUrl(request.url)}: ${(error as Error).message}. Reply: ${excerpt(text, secrets)}`,
        {
          status,
          bodyExcerpt: excerpt(text, secrets),
          attempts,
          hint: 'Check that the server speaks the API this target expects (type: openai, anthropic, ollama or http).',
        },
      );
    }
  }
}

/** A header value and, for `Bearer xyz`, the bare token too, so both get masked. */
function secretParts(value: string): string[] {
  const parts = [value];
  const space = value.indexOf(' ');
  if (space > 0) parts.push(value.slice(space + 1));
  return parts;
}

/** Origin and path only: query strings and user info may carry credentials. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function hintForStatus(status: number): string | undefined {
  if (status === 401 || status === 403)
    return 'Check the API key (the env var named by `apiKeyEnv`) and that it may use this model.';
  if (status === 404) return 'Check baseUrl and the model name.';
  if (status === 429) return 'The provider is rate limiting: lower `rateLimit` (requests per minute) or concurrency.';
  if (status >= 500) return 'The provider failed; retries were exhausted. Try again later or raise `retries`.';
  return undefined;
}

/** Moves `user:key@` from the URL into a secret Basic authorization header (unless one is set). */
/** What the response cache keys a request by (never its credentials). */
function cacheKeyInput(request: TransportRequest, method: string, variant: string | number | undefined) {
  return {
    method,
    url: request.url,
    headers: request.headers ?? {},
    body: request.body ?? null,
    ...(variant !== undefined && { variant }),
  };
}

function withoutUrlCredentials(request: TransportRequest): TransportRequest {
  const { url, authorization } = splitUrlCredentials(request.url);
  if (authorization === undefined) return request;
  const secrets = request.secretHeaders ?? {};
  const names = [...Object.keys(secrets), ...Object.keys(request.headers ?? {})];
  const hasAuth = names.some((h) => h.toLowerCase() === 'authorization');
  return { ...request, url, secretHeaders: hasAuth ? secrets : { ...secrets, authorization } };
}
