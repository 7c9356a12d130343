import { mcnemarMidPMde, mcnemarMidPOneWayMde, minimumDetectableEffect } from '../../stats/index.js';

/**
 * The test an MDE is computed for: `mcnemar-midp` (pass/fail with one repeat: the exact power of
 * the two-sided mid-p McNemar test compare decides with) or `normal` (Miller's normal
 * approximation for per-case means: repeats, weights, continuous scores).
 */
export type MdeMethod = 'mcnemar-midp' | 'normal';

/** An MDE with the test it is for. */
export interface Mde {
  readonly value: number;
  readonly method: MdeMethod;
}

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
 * THE minimum detectable effect of per-case means: the smallest absolute change a two-sided
 * paired comparison of n cases detects with the given power (Miller's normal approximation).
 * Capped at 1 (100 points): no change of a [0, 1] metric is larger. NaN below two cases.
 * Pass/fail with one repeat is decided by McNemar mid-p, so its MDE is {@link pairedBinaryMde}.
 */
export function detectableEffect({ variance, n, alpha = 0.05, power = 0.8, binary = false }: MdeInputs): number {
  if (!(n >= 2) || Number.isNaN(variance)) return Number.NaN;
  const v = Math.max(variance, binary ? 1 / n : 0);
  if (!(v > 0)) return 0;
  return Math.min(1, minimumDetectableEffect({ omega2: v, n, alpha, power }).mde);
}

const midPCache = new Map<string, number>();

/**
 * The MDE of pass/fail data with one repeat: the smallest |Δ| the two-sided mid-p McNemar test
 * (compare's test) detects with the given power over n paired cases with discordance ψ, from its
 * exact power (`mcnemarMidPMde`). ψ is floored at one discordant case's worth (1/n). When no
 * change within ψ is detectable (ψ too small: a run passing everything has ψ = 2p(1−p) = 0), it
 * is the smallest change δ > ψ detectable with δ of the cases changing, all one way
 * (`mcnemarMidPOneWayMde`): a change of δ moves at least δ of the cases. 1 (nothing within
 * reach) when even every case changing is not detectable. NaN below two cases.
 */
export function pairedBinaryMde({
  n,
  discordance,
  alpha = 0.05,
  power = 0.8,
}: {
  n: number;
  discordance: number;
  alpha?: number;
  power?: number;
}): number {
  if (!(n >= 2) || Number.isNaN(discordance)) return Number.NaN;
  const cases = Math.round(n);
  const psi = Math.min(1, Math.max(discordance, 1 / cases));
  const key = `${cases}|${psi}|${alpha}|${power}`;
  let mde = midPCache.get(key);
  if (mde === undefined) {
    mde = mcnemarMidPMde({ n: cases, discordance: psi, alpha, power });
    // No change within ψ is detectable: a larger change moves more cases (at least δ of them).
    if (!Number.isFinite(mde)) mde = mcnemarMidPOneWayMde({ n: cases, from: psi, alpha, power });
    if (!Number.isFinite(mde)) mde = 1;
    if (midPCache.size > 2_000) midPCache.clear();
    midPCache.set(key, mde);
  }
  return Math.min(1, mde);
}

/**
 * The MDE a summary shows for a pass rate p on nEff cases: a paired re-run whose outcomes are
 * independent of these given the rate (discordance ψ = 2p(1−p)); correlated runs detect smaller
 * changes. One repeat with equal weights (`single`): the mid-p McNemar test's exact MDE; otherwise
 * the normal approximation on per-case shares.
 */
export function rateMde(rate: number, nEff: number, alpha = 0.05, power = 0.8, single = false): Mde {
  const method: MdeMethod = single ? 'mcnemar-midp' : 'normal';
  if (!Number.isFinite(rate)) return { value: Number.NaN, method };
  const psi = 2 * rate * (1 - rate);
  const value = single
    ? pairedBinaryMde({ n: nEff, discordance: psi, alpha, power })
    : detectableEffect({ variance: psi, n: nEff, alpha, power, binary: true });
  return { value, method };
}
