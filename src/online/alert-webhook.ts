import { setTimeout as sleep } from 'node:timers/promises';
import { AssayError } from '../core/errors.js';
import type { OnlineStatus } from '../analysis/online/online-status.js';

/** What `assay online check` POSTs when a window is flagged (docs/online.md documents every field). */
export interface AlertPayload {
  readonly kind: 'assay.online.alert';
  readonly eval: string;
  readonly window: 'hour' | 'day';
  readonly checkedAt: string;
  readonly flagged: readonly {
    readonly grader: string;
    readonly windowStart: string;
    readonly window: { readonly passes: number; readonly graded: number };
    readonly baseline: { readonly passes: number; readonly graded: number };
    /** Weighted pass rate of the window, with its 95% interval. */
    readonly passRate: { readonly value: number; readonly lower: number; readonly upper: number };
    readonly p: number;
    readonly level: number;
  }[];
}

/** The flagged windows of a status, as the webhook's body; undefined when nothing is flagged. */
export function alertPayload(status: OnlineStatus): AlertPayload | undefined {
  const flagged = status.graders.flatMap((g) => {
    const a = g.alert;
    if (!a?.flagged) return [];
    const w = g.windows.find((x) => x.start === a.windowStart);
    const passRate = w ? { value: w.passRate.value, lower: w.passRate.lower, upper: w.passRate.upper } : null;
    return [
      {
        grader: g.grader,
        windowStart: a.windowStart,
        window: a.window,
        baseline: a.baseline,
        passRate: passRate ?? { value: Number.NaN, lower: 0, upper: 1 },
        p: a.p,
        level: a.level,
      },
    ];
  });
  if (flagged.length === 0) return undefined;
  return { kind: 'assay.online.alert', eval: status.eval, window: status.window, checkedAt: status.now, flagged };
}

/** A webhook URL without user info, query or fragment: what messages may show of it. */
export function webhookLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

/** Checks a webhook URL before anything is sent: http or https, nothing else. */
export function checkWebhookUrl(url: string, where: string): URL {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:'))
    throw new AssayError('WEBHOOK_INVALID', `${where} must be an http:// or https:// URL.`, {
      issues: [{ code: 'invalid_value', path: where, message: 'not an http(s) URL' }],
      hint: 'e.g. --webhook https://hooks.example.com/assay',
    });
  return parsed;
}

export interface DeliveryOptions {
  /** Attempts in all (default 3). */
  readonly attempts?: number;
  /** Wait before the second attempt, doubled for each later one (default 500 ms). */
  readonly retryDelayMs?: number;
  /** Per attempt (default 10 s). */
  readonly timeoutMs?: number;
}

export interface DeliveryResult {
  readonly delivered: boolean;
  readonly attempts: number;
  /** The last failure, for the report: an HTTP status or a network error, never the URL's secrets. */
  readonly error?: string;
}

const JSON_SAFE = (_key: string, value: unknown): unknown =>
  typeof value === 'number' && !Number.isFinite(value) ? null : value;

/**
 * POSTs the payload as JSON. A network error, a timeout, 429 or a 5xx is tried again (bounded);
 * another 4xx is final (the receiver refused this body). Never throws: the caller reports.
 */
export async function deliverWebhook(
  url: string,
  payload: AlertPayload,
  options: DeliveryOptions = {},
): Promise<DeliveryResult> {
  const attempts = options.attempts ?? 3;
  const body = JSON.stringify(payload, JSON_SAFE);
  let error = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await sleep((options.retryDelayMs ?? 500) * 2 ** (attempt - 2));
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'assay-online-check' },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { delivered: true, attempts: attempt };
      error = `HTTP ${res.status}`;
      if (res.status !== 429 && res.status < 500) return { delivered: false, attempts: attempt, error };
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      error = (e as Error).name === 'TimeoutError' ? 'timed out' : (cause ?? (e as Error).message);
    }
  }
  return { delivered: false, attempts, error };
}
