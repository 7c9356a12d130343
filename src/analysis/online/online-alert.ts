import { fisherExactLess } from '../../stats/index.js';

/** Passes among graded sampled traces in one window. */
export interface WindowCount {
  readonly passes: number;
  readonly graded: number;
}

export interface AlertOptions {
  /** Family-wise false-alarm rate over the horizon (default 0.05). */
  readonly alpha?: number;
  /** Looks per horizon (default 720, a month of hourly checks); each look is tested at alpha / looks. */
  readonly looks?: number;
  /** Trailing windows pooled as the baseline (default 24). */
  readonly baselineWindows?: number;
}

export interface AlertResult {
  readonly window: WindowCount;
  readonly baseline: WindowCount;
  /** One-sided Fisher exact p that the window's pass rate is below the baseline's. */
  readonly p: number;
  /** The per-look level: alpha / looks (Bonferroni over the horizon). */
  readonly level: number;
  readonly flagged: boolean;
}

export const ALERT_DEFAULTS = Object.freeze({ alpha: 0.05, looks: 720, baselineWindows: 24 });

/**
 * Is window `index` significantly worse than the `baselineWindows` windows before it?
 * The test is one-sided Fisher exact on the counts (exact at any size), at level alpha / looks:
 * by Bonferroni's inequality, over any `looks` checks with no change the chance of even one
 * false alarm is at most alpha, however the looks overlap or correlate (docs/online.md).
 * Windows with no graded traces contribute nothing; with none in the window or baseline it never flags.
 */
export function alertAt(windows: readonly WindowCount[], index: number, options: AlertOptions = {}): AlertResult {
  const alpha = options.alpha ?? ALERT_DEFAULTS.alpha;
  const looks = options.looks ?? ALERT_DEFAULTS.looks;
  const span = options.baselineWindows ?? ALERT_DEFAULTS.baselineWindows;
  const window = windows[index] ?? { passes: 0, graded: 0 };
  let passes = 0;
  let graded = 0;
  for (let i = Math.max(0, index - span); i < index; i++) {
    passes += windows[i].passes;
    graded += windows[i].graded;
  }
  const p = fisherExactLess(window.passes, window.graded, passes, graded);
  const level = alpha / looks;
  return { window, baseline: { passes, graded }, p, level, flagged: p <= level };
}
