import { minimumDetectableEffect } from '../../stats/index.js';

export interface MdeInputs {
  /** Variance of the per-case paired difference (ω², plus the repeat noise over K when planning). */
  readonly variance: number;
  /** Cases in the comparison. */
  readonly n: number;
  readonly alpha?: number;
  readonly power?: number;
  /** Pass/fail data: the variance is floored at one discordant case's worth (1/n). */
  readonly binary?: boolean;
}

/**
 * THE minimum detectable effect: the smallest absolute change a two-sided paired comparison
 * of n cases detects with the given power (Miller's normal approximation). Capped at 1
 * (100 points): no change of a [0, 1] metric is larger. NaN below two cases. Summary,
 * compare, plan and the dashboard all call this; only their variance input differs.
 */
export function detectableEffect({ variance, n, alpha = 0.05, power = 0.8, binary = false }: MdeInputs): number {
  if (!(n >= 2) || Number.isNaN(variance)) return Number.NaN;
  const v = Math.max(variance, binary ? 1 / n : 0);
  if (!(v > 0)) return 0;
  return Math.min(1, minimumDetectableEffect({ omega2: v, n, alpha, power }).mde);
}

/**
 * The MDE a summary shows for a pass rate p on nEff cases: a paired re-run whose outcomes are
 * independent of these given the rate (ω² = 2p(1−p)); correlated runs detect smaller changes.
 */
export function rateMde(rate: number, nEff: number, alpha = 0.05, power = 0.8): number {
  if (!Number.isFinite(rate)) return Number.NaN;
  return detectableEffect({ variance: 2 * rate * (1 - rate), n: nEff, alpha, power, binary: true });
}
