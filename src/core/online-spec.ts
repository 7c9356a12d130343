import { nearestName } from './did-you-mean.js';
import { AssayError, type Issue } from './errors.js';

/** A rule on a trace: every listed condition must hold. */
export interface TraceRule {
  /** Metadata field → value (compared as strings). */
  readonly where?: Readonly<Record<string, string | number | boolean>>;
  readonly status?: 'ok' | 'error';
  /** The trace has feedback with this thumb (at grading time). */
  readonly feedback?: 'up' | 'down';
}

export interface Stratum {
  readonly where: Readonly<Record<string, string | number | boolean>>;
  /** This stratum's sampling rate in (0, 1]; the traces carry weight 1/rate into every estimate. */
  readonly sample: number;
}

/** An eval's `online:` block: which production traces its graders grade. */
export interface OnlineSpec {
  /** The default sampling rate in (0, 1]. */
  readonly sample: number;
  /** Strata with their own rates (the first match wins), e.g. oversample a rare tier. */
  readonly strata?: readonly Stratum[];
  /** Rules whose traces are always graded, outside the random sample (reported apart, never in the rates). */
  readonly always?: readonly TraceRule[];
  /** The window of `assay online status` and `check`: 'hour' (default) or 'day'. */
  readonly window?: 'hour' | 'day';
  /** Looks `check` may take per horizon with the false-alarm rate held at `alpha` (default 720: a month of hours). */
  readonly looks?: number;
  /** Family-wise false-alarm rate over `looks` looks (default 0.05). */
  readonly alpha?: number;
  /** Trailing windows pooled as the baseline (default 24). */
  readonly baselineWindows?: number;
  /** Where `assay online check` sends flagged windows (also `--webhook`). */
  readonly alerts?: { readonly webhook?: string };
  /**
   * The offline eval set to compare production's segment mix with: a run id, a baseline name,
   * or an eval name (its newest completed run). Also `--eval-set`.
   */
  readonly evalSet?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ONLINE_KEYS = ['sample', 'strata', 'always', 'window', 'looks', 'alpha', 'baselineWindows', 'alerts', 'evalSet'];

const isHttpUrl = (v: unknown): boolean => {
  if (typeof v !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};
const rate = (v: unknown): boolean => typeof v === 'number' && v > 0 && v <= 1;

/** Checks an `online:` block and reports every problem at once. */
export function checkOnlineSpec(raw: unknown, where: string): OnlineSpec {
  const issues: Issue[] = [];
  const issue = (path: string, message: string) =>
    issues.push({ code: 'invalid_value', path: `${where}: online.${path}`, message });
  if (!isRecord(raw))
    throw new AssayError('EVAL_INVALID', `${where}: online must be an object like { sample: 0.05 }.`, {
      hint: 'See docs/online.md.',
    });
  for (const key of Object.keys(raw).filter((k) => !ONLINE_KEYS.includes(k))) {
    const guess = nearestName(key, ONLINE_KEYS);
    issues.push({
      code: 'unknown_field',
      path: `${where}: online.${key}`,
      message: `unknown field${guess ? `; did you mean '${guess}'?` : ''} (fields: ${ONLINE_KEYS.join(', ')})`,
    });
  }
  if (!rate(raw.sample)) issue('sample', 'must be a rate in (0, 1], e.g. 0.05');
  if (raw.strata !== undefined) {
    if (!Array.isArray(raw.strata)) issue('strata', 'must be a list of { where: { field: value }, sample: rate }');
    else
      raw.strata.forEach((s, i) => {
        if (!isRecord(s) || !isRecord(s.where) || !rate(s.sample))
          issue(`strata[${i}]`, 'must be { where: { field: value }, sample: rate in (0, 1] }');
      });
  }
  if (raw.always !== undefined) {
    if (!Array.isArray(raw.always))
      issue('always', 'must be a list of rules such as { feedback: down } or { status: error }');
    else
      raw.always.forEach((r, i) => {
        const ok =
          isRecord(r) &&
          Object.keys(r).length > 0 &&
          Object.keys(r).every((k) => ['where', 'status', 'feedback'].includes(k)) &&
          (r.status === undefined || r.status === 'ok' || r.status === 'error') &&
          (r.feedback === undefined || r.feedback === 'up' || r.feedback === 'down') &&
          (r.where === undefined || isRecord(r.where));
        if (!ok) issue(`always[${i}]`, "must be { where?: {…}, status?: 'ok'|'error', feedback?: 'up'|'down' }");
      });
  }
  if (raw.window !== undefined && raw.window !== 'hour' && raw.window !== 'day')
    issue('window', "must be 'hour' or 'day'");
  if (raw.looks !== undefined && !(Number.isInteger(raw.looks) && (raw.looks as number) >= 1))
    issue('looks', 'must be a whole number ≥ 1');
  if (raw.alpha !== undefined && !(typeof raw.alpha === 'number' && raw.alpha > 0 && raw.alpha < 0.5))
    issue('alpha', 'must be in (0, 0.5)');
  if (
    raw.baselineWindows !== undefined &&
    !(Number.isInteger(raw.baselineWindows) && (raw.baselineWindows as number) >= 1)
  ) {
    issue('baselineWindows', 'must be a whole number ≥ 1');
  }
  if (raw.alerts !== undefined) {
    const a = raw.alerts;
    if (!isRecord(a) || Object.keys(a).some((k) => k !== 'webhook')) issue('alerts', 'must be { webhook: <url> }');
    else if (a.webhook !== undefined && !isHttpUrl(a.webhook))
      issue('alerts.webhook', 'must be an http:// or https:// URL');
  }
  if (raw.evalSet !== undefined && (typeof raw.evalSet !== 'string' || raw.evalSet.trim() === ''))
    issue('evalSet', 'must be a run id, a baseline name or an eval name');
  if (issues.length > 0)
    throw new AssayError('EVAL_INVALID', `${where} has an invalid online block:`, {
      issues,
      hint: 'See docs/online.md.',
    });
  return raw as unknown as OnlineSpec;
}
