/**
 * The power sum of the mid-p McNemar test (`mcnemarMidPPower`) at large n, fast: the terms'
 * binomial tails P(Bin(m, θ) ≤ k) are carried from one discordant count m to the next by the
 * recurrences of the binomial distribution instead of one incomplete beta each, and re-anchored
 * on the exact value every {@link ANCHOR_EVERY} terms. Its absolute error stays below 1e-12
 * (mcnemar-midp-sweep.test.ts checks 1e-11 against the exact sum over a grid), so a decision
 * "power ≥ target" taken from it with a guard band of {@link POWER_GUARD} is the exact sum's
 * decision: the MDE it bisects is the same number, to the bit.
 */
import { binomialCdf, binomialPmf } from './distributions/binomial.js';

/** Terms between two exact anchors: bounds the rounding carried by the recurrences. */
const ANCHOR_EVERY = 256;

/** Decisions closer than this to the target are taken on the exact power instead. */
export const POWER_GUARD = 1e-9;

/** Fewer terms than this are summed exactly: the sweep would not pay. */
export const SWEEP_MIN_TERMS = 64;

/**
 * Σ_t w[t]·P(Bin(m[t], θ) ≤ k[t]): the lower tail of each term, for m ascending (gaps allowed)
 * and k moving by any amount between terms. θ must be in (0, 1).
 */
export function sweptLowerTails(m: Int32Array, k: Int32Array, w: Float64Array, theta: number): number {
  const odds = theta / (1 - theta);
  let sum = 0;
  let cm = -1;
  let ck = 0;
  let cdf = 0;
  let pmf = 0;
  for (let t = 0; t < m.length; t++) {
    const mt = m[t];
    const kt = k[t];
    if (t % ANCHOR_EVERY === 0 || mt - cm > ANCHOR_EVERY) {
      cm = mt;
      ck = kt;
      cdf = binomialCdf(kt, mt, theta);
      pmf = binomialPmf(kt, mt, theta);
    } else {
      // One more trial at the same k: P(X' ≤ k) = P(X ≤ k) − θ·P(X = k).
      while (cm < mt) {
        cdf -= theta * pmf;
        cm += 1;
        pmf *= (cm / (cm - ck)) * (1 - theta);
      }
      while (ck < kt) {
        pmf *= ((cm - ck) / (ck + 1)) * odds;
        ck += 1;
        cdf += pmf;
      }
      while (ck > kt) {
        cdf -= pmf;
        pmf *= ck / (cm - ck + 1) / odds;
        ck -= 1;
      }
    }
    sum += w[t] * Math.min(1, Math.max(0, cdf));
  }
  return sum;
}
