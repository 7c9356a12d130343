import type { MetricValue } from '../analysis/metrics/registry.js';
import type { PassAtKComparison } from '../analysis/pass-at-k.js';
import type { Estimate } from '../analysis/summary-types.js';

/** 0.8512 → `85.1%`; NaN → `n/a`. */
export function pct(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : 'n/a';
}

/** A signed difference in points: 0.031 → `+3.1 pts`. */
export function pts(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return 'n/a';
  const v = x * 100;
  return `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v).toFixed(digits)} pts`;
}

/**
 * `85.1% [80.2, 89.0]`: a rate with its 95% interval in percentage points. Every view (terminal
 * summary, reports, gates) prints estimates with this one function, so they agree to the byte.
 */
export function estimate(e: Estimate): string {
  if (!Number.isFinite(e.value)) return 'n/a';
  if (!Number.isFinite(e.lower) || !Number.isFinite(e.upper)) return `${pct(e.value)} [no interval]`;
  return `${pct(e.value)} [${(e.lower * 100).toFixed(1)}, ${(e.upper * 100).toFixed(1)}]`;
}

/** The test an MDE is for, in words (docs/metrics.md). */
export const MDE_METHOD_TEXT = { 'mcnemar-midp': 'McNemar mid-p', normal: 'normal approx.' } as const;

/**
 * A minimum detectable effect with the test it is for: `±12.3 pts (McNemar mid-p)`; NaN → `n/a`.
 */
export function mdeText(x: number, method?: keyof typeof MDE_METHOD_TEXT): string {
  if (!Number.isFinite(x)) return 'n/a';
  return `±${(x * 100).toFixed(1)} pts${method ? ` (${MDE_METHOD_TEXT[method]})` : ''}`;
}

/** Latency in ms, or `n/a`. */
export function msText(x: number | null): string {
  return x === null || !Number.isFinite(x)
    ? 'n/a'
    : `${x >= 1000 ? (x / 1000).toFixed(2) : x.toFixed(x < 10 ? 1 : 0)}${x >= 1000 ? ' s' : ' ms'}`;
}

/** Known cost, marked as a lower bound when some of it is unknown; `unknown` when none is known. */
export function costText(usd: number | null, unknownTrials = 0, unknownJudgeCalls = 0): string {
  if (usd === null) return 'unknown';
  const parts = [
    unknownTrials > 0 ? `${unknownTrials} trial(s)` : '',
    unknownJudgeCalls > 0 ? `${unknownJudgeCalls} judge call(s)` : '',
  ].filter(Boolean);
  return parts.length === 0 ? `$${usd.toFixed(4)}` : `≥ $${usd.toFixed(4)} (+ unknown: ${parts.join(', ')})`;
}

/** Errors for a grader: `5 (3 grader, 2 target)`, or `0`. */
export function errorsText(e: { errors: number; graderErrors: number; targetErrors: number }): string {
  if (e.errors === 0) return '0';
  const missing = e.errors - e.graderErrors - e.targetErrors;
  const parts = [
    `${e.graderErrors} grader`,
    `${e.targetErrors} target`,
    missing > 0 ? `${missing} missing` : '',
  ].filter(Boolean);
  return `${e.errors} (${parts.join(', ')})`;
}

/** `+3.1 pts [−0.4, +6.6]`. */
export function deltaText(e: Estimate): string {
  if (!Number.isFinite(e.lower) || !Number.isFinite(e.upper)) return pts(e.value);
  return `${pts(e.value)} [${pts(e.lower).replace(' pts', '')}, ${pts(e.upper).replace(' pts', '')}]`;
}

/** p-values with enough digits to tell 0.049 from 0.051, and `<0.0001` below that. */
export function pValue(p: number): string {
  if (!Number.isFinite(p)) return 'n/a';
  if (p < 0.0001) return '<0.0001';
  return p < 0.001 ? p.toFixed(4) : p.toFixed(3);
}

export function num(x: number | null, digits = 0): string {
  return x === null || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits);
}

/** `p=0.012` or `p<0.0001`, for inline use. */
export function pEquals(label: string, p: number): string {
  const text = pValue(p);
  return text.startsWith('<') ? `${label}${text}` : `${label}=${text}`;
}

/** pass@k as `71.2% [60.3, 80.9]`; undefined when a problem has fewer than k graded samples. */
export function passAtKText(v: MetricValue): string {
  if (v.value === null) return 'n/a (too few samples per problem)';
  return v.lower === undefined || v.upper === undefined
    ? pct(v.value)
    : `${pct(v.value)} [${(v.lower * 100).toFixed(1)}, ${(v.upper * 100).toFixed(1)}]`;
}

/** A pass@k difference with its interval, or why there is none. */
export function passAtKDelta(k: PassAtKComparison): string {
  if (k.delta.value === null) return 'n/a';
  return deltaText({ value: k.delta.value, lower: k.delta.lower ?? Number.NaN, upper: k.delta.upper ?? Number.NaN });
}
