import type { OnlineScore, WindowVolume } from '../../store/trace-types.js';
import { rateInterval, type CaseRate, type RateEstimate } from '../metrics/rate-interval.js';
import { alertAt, ALERT_DEFAULTS, type AlertOptions, type AlertResult, type WindowCount } from './online-alert.js';

export type WindowSize = 'hour' | 'day';

export interface GraderWindow extends WindowCount {
  readonly start: string;
  /** Weighted pass rate of the sampled traces (weights 1/rate), with its interval. */
  readonly passRate: RateEstimate;
  readonly graderErrors: number;
  /** Traces graded by an `always` rule (not in the rate). */
  readonly always: number;
}

export interface SegmentRate {
  readonly field: string;
  readonly value: string;
  readonly passRate: RateEstimate;
}

export interface GraderStatus {
  readonly grader: string;
  readonly windows: readonly GraderWindow[];
  readonly overall: RateEstimate;
  readonly segments: readonly SegmentRate[];
  /** The newest complete window against its trailing baseline; null when there is no complete window. */
  readonly alert: (AlertResult & { readonly windowStart: string }) | null;
}

export interface OnlineStatus {
  readonly eval: string;
  readonly window: WindowSize;
  readonly since: string;
  readonly now: string;
  readonly graders: readonly GraderStatus[];
  readonly traffic: readonly WindowVolume[];
}

export interface OnlineStatusInput extends AlertOptions {
  readonly evalName: string;
  readonly scores: readonly OnlineScore[];
  readonly traffic: readonly WindowVolume[];
  readonly window: WindowSize;
  readonly since: Date;
  readonly now: Date;
  /** Metadata fields to report rates by. */
  readonly segmentBy?: readonly string[];
}

const SIZE_MS: Record<WindowSize, number> = { hour: 3_600_000, day: 86_400_000 };

export function windowStart(time: Date | string, size: WindowSize): number {
  const t = new Date(time).getTime();
  return t - (t % SIZE_MS[size]);
}

const rate = (rows: readonly OnlineScore[]): RateEstimate =>
  rateInterval(rows.map((r): CaseRate => ({ passes: r.pass ? 1 : 0, graded: 1, weight: r.weight })));

/** Usable for rates: in the random sample, and a pass/fail verdict (not an error or pending). */
const usable = (r: OnlineScore): boolean => r.sampled && r.pass !== null && r.error === null;

/**
 * Online scores folded per grader and window: weighted pass rates with the one rate interval
 * (analysis/metrics/rate-interval.ts), rates per segment over the whole period, and the alert on
 * the newest complete window. Windows run contiguously from `since` (empty ones included) so the
 * trailing baseline always means the same span of time.
 */
export function onlineStatus(input: OnlineStatusInput): OnlineStatus {
  const size = SIZE_MS[input.window];
  const first = windowStart(input.since, input.window);
  const lastComplete = windowStart(input.now, input.window) - size;
  const count = Math.max(0, Math.floor((windowStart(input.now, input.window) - first) / size) + 1);
  const byGrader = new Map<string, OnlineScore[]>();
  for (const s of input.scores) {
    if (!byGrader.has(s.grader)) byGrader.set(s.grader, []);
    byGrader.get(s.grader)!.push(s);
  }
  const graders = [...byGrader].map(([grader, rows]): GraderStatus => {
    const buckets: OnlineScore[][] = Array.from({ length: count }, () => []);
    for (const r of rows) {
      const i = Math.floor((windowStart(r.timestamp, input.window) - first) / size);
      if (i >= 0 && i < count) buckets[i].push(r);
    }
    const windows = buckets.map((b, i): GraderWindow => {
      const used = b.filter(usable);
      return {
        start: new Date(first + i * size).toISOString(),
        passes: used.filter((r) => r.pass).length,
        graded: used.length,
        passRate: rate(used),
        graderErrors: b.filter((r) => r.error !== null).length,
        always: b.filter((r) => !r.sampled).length,
      };
    });
    const used = rows.filter(usable);
    const segments: SegmentRate[] = [];
    for (const field of input.segmentBy ?? []) {
      const groups = new Map<string, OnlineScore[]>();
      for (const r of used) {
        const v = r.metadata[field] === undefined ? '(none)' : String(r.metadata[field]);
        const g = groups.get(v);
        if (g) g.push(r);
        else groups.set(v, [r]);
      }
      for (const [value, g] of [...groups].sort(([a], [b]) => a.localeCompare(b)))
        segments.push({ field, value, passRate: rate(g) });
    }
    const index = Math.floor((lastComplete - first) / size);
    const alert =
      index >= 0 && index < count ? { ...alertAt(windows, index, input), windowStart: windows[index].start } : null;
    return { grader, windows, overall: rate(used), segments, alert };
  });
  return {
    eval: input.evalName,
    window: input.window,
    since: new Date(first).toISOString(),
    now: input.now.toISOString(),
    graders,
    traffic: input.traffic,
  };
}

export { ALERT_DEFAULTS };
