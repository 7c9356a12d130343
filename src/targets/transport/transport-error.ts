import { AssayError } from '../../core/errors.js';

/** Why a request failed; `retryable` kinds are retried with backoff. */
export type TransportFailure = 'http' | 'network' | 'timeout' | 'aborted' | 'malformed-reply' | 'retry-after-too-long';

/**
 * A failed provider call. Carries the HTTP status and a short, redacted excerpt of the reply
 * body so a person can see what the server said — never the API key.
 */
export class TransportError extends AssayError {
  readonly failure: TransportFailure;
  readonly status?: number;
  readonly bodyExcerpt?: string;
  readonly attempts: number;

  constructor(
    failure: TransportFailure,
    message: string,
    options: { status?: number; bodyExcerpt?: string; attempts?: number; hint?: string; cause?: unknown } = {},
  ) {
    super(`TARGET_${failure.toUpperCase().replace(/-/g, '_')}`, message, { hint: options.hint, cause: options.cause });
    this.name = 'TransportError';
    this.failure = failure;
    this.status = options.status;
    this.bodyExcerpt = options.bodyExcerpt;
    this.attempts = options.attempts ?? 1;
  }
}

const EXCERPT_LENGTH = 300;

/** The first few hundred characters of a reply body, on one line, with every secret masked. */
export function excerpt(body: string, secrets: readonly string[]): string {
  const oneLine = redact(body, secrets).replace(/\s+/g, ' ').trim();
  return oneLine.length > EXCERPT_LENGTH ? `${oneLine.slice(0, EXCERPT_LENGTH)}…` : oneLine;
}

/** Masks every occurrence of each secret, in case a server echoes the key back. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // Why the length check: masking a 1–3 character "secret" would shred ordinary text.
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}
