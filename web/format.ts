/** Display helpers. Every number a page shows goes through one of these. */

const isNum = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

export function pct(v: number | null | undefined, digits = 1): string {
  return isNum(v) ? `${(v * 100).toFixed(digits)}%` : '—';
}

/** A signed difference in percentage points. */
export function pp(v: number | null | undefined, digits = 1): string {
  return isNum(v) ? `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v * 100).toFixed(digits)} pp` : '—';
}

export function num(v: number | null | undefined, digits = 3): string {
  return isNum(v) ? Number(v.toFixed(digits)).toString() : '—';
}

export function int(v: number | null | undefined): string {
  return isNum(v) ? Math.round(v).toLocaleString('en-US') : '—';
}

export function ms(v: number | null | undefined): string {
  if (!isNum(v)) return '—';
  return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`;
}

export function usd(v: number | null | undefined): string {
  if (!isNum(v)) return 'unknown';
  return v < 0.01 && v > 0 ? `$${v.toFixed(4)}` : `$${v.toFixed(2)}`;
}

export function pValue(v: number | null | undefined): string {
  if (!isNum(v)) return '—';
  return v < 0.001 ? '< 0.001' : v.toFixed(3);
}

export function date(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 16).replace('T', ' ');
}

export function interval(e: { lower: number | null; upper: number | null } | null | undefined): string {
  return e && isNum(e.lower) && isNum(e.upper) ? `[${pct(e.lower)}, ${pct(e.upper)}]` : '';
}

export function shortHash(v: unknown, n = 8): string {
  return typeof v === 'string' && v ? v.slice(0, n) : '—';
}

/** Any JSON-able value as readable text (strings as themselves). */
export function asText(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v, null, 2) ?? '';
}

export { isNum };

/** The test a minimum detectable effect is for (the API's `mdeMethod`), in words. */
export const MDE_TEST: Record<string, string> = {
  'mcnemar-midp': 'McNemar mid-p',
  normal: 'normal approx.',
};
