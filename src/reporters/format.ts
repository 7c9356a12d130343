import type { PassAtKComparison, PassAtKEstimate } from '../analysis/pass-at-k.js';
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

/** `85.1% [80.2%, 89.0%]`. */
export function estimate(e: Estimate): string {
  if (!Number.isFinite(e.lower) || !Number.isFinite(e.upper)) return pct(e.value);
  return `${pct(e.value)} [${pct(e.lower)}, ${pct(e.upper)}]`;
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

/** pass@k as `71.2% [60.3, 80.9]`, or why it is undefined. */
export function passAtKText(e: PassAtKEstimate): string {
  if (e.value === null) return `n/a (${e.reason ?? 'undefined'})`;
  return e.lower === null || e.upper === null ? pct(e.value) : `${pct(e.value)} [${(e.lower * 100).toFixed(1)}, ${(e.upper * 100).toFixed(1)}]`;
}

/** A pass@k difference with its interval, or why there is none. */
export function passAtKDelta(k: PassAtKComparison): string {
  if (k.delta.value === null) return 'n/a';
  return deltaText({ value: k.delta.value, lower: k.delta.lower ?? Number.NaN, upper: k.delta.upper ?? Number.NaN });
}
