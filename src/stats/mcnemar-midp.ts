/**
 * The mid-p McNemar test as a decision rule: its one-sided form (for "no regression"), its
 * exact power, and the number of pairs it needs. Planning must size the test that decides:
 * the exact (conservative) test needs about 7% more pairs than the mid-p test compare uses.
 */
import { binomialCdf, binomialPmf, binomialSf } from './distributions/binomial.js';
import { inverseRegularizedBeta } from './distributions/beta.js';
import { normalQuantile } from './distributions/normal.js';
import { POWER_GUARD, SWEEP_MIN_TERMS, sweptLowerTails } from './mcnemar-midp-sweep.js';
import { assertCount, assertOpenUnit, fail } from './validation.js';

/** Two-sided (`two-sided`) or one-sided mid-p McNemar p-value. */
export type MidPSide = 'two-sided' | 'less' | 'greater';

/**
 * Mid-p McNemar p-value from the discordant counts. `less` tests H1: the candidate is worse
 * (fewer candidate-only passes than baseline-only), `greater` the reverse; two-sided doubles
 * the smaller tail (as {@link mcnemar}'s pMidP). m = 0 → p = 1.
 */
export function mcnemarMidP(candidateOnly: number, baselineOnly: number, side: MidPSide = 'two-sided'): number {
  assertCount('mcnemarMidP', 'candidateOnly', candidateOnly);
  assertCount('mcnemarMidP', 'baselineOnly', baselineOnly);
  const m = candidateOnly + baselineOnly;
  if (m === 0) return 1;
  const lowerTail = (k: number) => {
    let cdf = 0;
    for (let j = 0; j < k; j++) cdf += binomialPmf(j, m, 0.5);
    return cdf + 0.5 * binomialPmf(k, m, 0.5);
  };
  if (side === 'less') return lowerTail(candidateOnly);
  if (side === 'greater') return lowerTail(baselineOnly);
  return Math.min(1, 2 * lowerTail(Math.min(candidateOnly, baselineOnly)));
}

const criticalCache = new Map<string, number>();

/**
 * Largest k with p(k, m) ≤ α for the lower tail (−1 when none): the rejection region is k ≤ kMax.
 * `near` is a guess (the critical count of m − 1, which is this one's or one less).
 */
function criticalCount(m: number, level: number, twoSided: boolean, near?: number): number {
  const key = `${m}|${level}|${twoSided}`;
  let k = criticalCache.get(key);
  if (k === undefined) {
    k = computeCriticalCount(m, level, twoSided, near);
    if (criticalCache.size > 100_000) criticalCache.clear();
    criticalCache.set(key, k);
  }
  return k;
}

/** @internal The uncached {@link criticalCount}; exported for its test. */
export function computeCriticalCount(m: number, level: number, twoSided: boolean, near?: number): number {
  // The mid-p lower tail P(X < k) + ½P(X = k) grows with k: bisect for the last k at or under the level.
  const p = (k: number) => (twoSided ? 2 : 1) * (binomialCdf(k - 1, m, 0.5) + 0.5 * binomialPmf(k, m, 0.5));
  const ok = (k: number) => p(k) <= level && (!twoSided || 2 * k < m);
  // The last k that is ok, found from the guess with two or three tails instead of a bisection's twenty.
  if (near !== undefined && near >= 0 && ok(near)) {
    if (!ok(near + 1)) return near;
    if (!ok(near + 2)) return near + 1;
  }
  if (!ok(0)) return -1;
  let lo = 0;
  let hi = m + 1;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The discordant counts m that carry power, with their weights Bin(m; n, ψ) and critical counts. */
interface PowerTerms {
  readonly m: Int32Array;
  readonly w: Float64Array;
  readonly k: Int32Array;
}

let lastTerms: { key: string; terms: PowerTerms } | undefined;

/**
 * The terms of the power sum that do not depend on the direction of the change: an MDE's
 * bisection evaluates the power at one (n, ψ) some 25 times, so they are made once (the last
 * set is kept). The sum adds the same terms in the same order, so the power is unchanged.
 */
function powerTerms(n: number, psi: number, alpha: number, twoSided: boolean): PowerTerms {
  const key = `${n}|${psi}|${alpha}|${twoSided}`;
  if (lastTerms?.key === key) return lastTerms.terms;
  // Discordant counts further than 9 SD from nψ carry less than 1e-18 of the probability.
  const sd = Math.sqrt(n * psi * (1 - psi));
  const from = Math.max(1, Math.floor(n * psi - 9 * sd - 1));
  const to = Math.min(n, Math.ceil(n * psi + 9 * sd + 1));
  const ms: number[] = [];
  const ws: number[] = [];
  const ks: number[] = [];
  let near: number | undefined;
  for (let m = from; m <= to; m++) {
    const w = binomialPmf(m, n, psi);
    if (w < 1e-15) continue; // at most n·1e-15 of power left out
    const k = criticalCount(m, alpha, twoSided, near);
    near = k;
    if (k < 0) continue;
    ms.push(m);
    ws.push(w);
    ks.push(k);
  }
  const terms = { m: Int32Array.from(ms), w: Float64Array.from(ws), k: Int32Array.from(ks) };
  lastTerms = { key, terms };
  return terms;
}

/**
 * Exact power of the mid-p McNemar test at n pairs with discordant shares p10 (baseline only)
 * and p01 (candidate only): Σ_m Bin(m; n, ψ)·P(reject | m). `two-sided` (compare's verdict)
 * rejects in either direction; `less` is the one-sided test for a regression (p01 < p10).
 */
export function mcnemarMidPPower(options: {
  n: number;
  p10: number;
  p01: number;
  alpha?: number;
  side?: 'two-sided' | 'less';
}): number {
  const fn = 'mcnemarMidPPower';
  const alpha = options.alpha ?? 0.05;
  assertOpenUnit(fn, 'alpha', alpha);
  const { n, p10, p01 } = options;
  if (!Number.isInteger(n) || n < 0) fail(fn, `n must be a non-negative integer number of pairs, got ${n}`);
  const psi = p10 + p01;
  if (!(p10 >= 0 && p01 >= 0 && psi > 0 && psi <= 1)) {
    fail(fn, `need p10, p01 ≥ 0 with 0 < p10 + p01 ≤ 1, got ${p10}, ${p01}`);
  }
  const twoSided = (options.side ?? 'two-sided') === 'two-sided';
  const theta = p01 / psi; // share of discordant pairs that favour the candidate
  const { m, w, k } = powerTerms(n, psi, alpha, twoSided);
  let power = 0;
  for (let t = 0; t < m.length; t++) {
    // Reject when candidateOnly ≤ k (and, two-sided, when baselineOnly ≤ k, i.e. candidateOnly ≥ m − k).
    const reject = binomialCdf(k[t], m[t], theta) + (twoSided ? binomialSf(m[t] - k[t] - 1, m[t], theta) : 0);
    power += w[t] * reject;
  }
  return Math.min(1, power);
}

/**
 * Pairs the two-sided mid-p McNemar test needs for the requested power: the smallest n from
 * which its exact power reaches the target and stays there for the next 10 n (power is
 * saw-toothed in n). Starts from the Miller normal form ((z_{1−α/2} + z_power)²·(ψ − δ²)/δ²).
 */
export function mcnemarMidPSampleSize(options: { p10: number; p01: number; alpha?: number; power?: number }): {
  n: number;
  power: number;
} {
  const fn = 'mcnemarMidPSampleSize';
  const alpha = options.alpha ?? 0.05;
  const target = options.power ?? 0.8;
  assertOpenUnit(fn, 'alpha', alpha);
  assertOpenUnit(fn, 'power', target);
  const psi = options.p10 + options.p01;
  const delta = options.p01 - options.p10;
  if (!(psi > 0 && psi <= 1 && options.p10 >= 0 && options.p01 >= 0)) {
    fail(fn, `need p10, p01 ≥ 0 with 0 < p10 + p01 ≤ 1, got ${options.p10}, ${options.p01}`);
  }
  if (delta === 0) return { n: Infinity, power: alpha };
  const powerAt = (n: number) => mcnemarMidPPower({ n, p10: options.p10, p01: options.p01, alpha });
  const z = normalQuantile(1 - alpha / 2) + normalQuantile(target);
  const start = Math.max(2, Math.floor((0.9 * z * z * (psi - delta * delta)) / (delta * delta)));
  const n = smallestStableN(powerAt, target, start, 2000);
  return { n, power: powerAt(n) };
}

/**
 * Minimum detectable effect of the two-sided mid-p McNemar test: the smallest |p01 − p10| it
 * detects with the given power at n pairs and discordance ψ = p10 + p01 (found by bisection
 * on its exact power). NaN when even δ = ψ (every discordant pair one way) is not detectable.
 */
export function mcnemarMidPMde(options: { n: number; discordance: number; alpha?: number; power?: number }): number {
  const fn = 'mcnemarMidPMde';
  const alpha = options.alpha ?? 0.05;
  const target = options.power ?? 0.8;
  assertOpenUnit(fn, 'alpha', alpha);
  assertOpenUnit(fn, 'power', target);
  const { n, discordance: psi } = options;
  if (!(psi > 0 && psi <= 1)) fail(fn, `discordance must be in (0, 1], got ${psi}`);
  const reaches = (delta: number) => powerReaches({ n, p10: (psi - delta) / 2, p01: (psi + delta) / 2, alpha }, target);
  if (!reaches(psi)) return NaN;
  let lo = 0;
  let hi = psi;
  for (let i = 0; i < 50 && hi - lo > 1e-7; i++) {
    const mid = (lo + hi) / 2;
    if (reaches(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The smallest change δ ≥ `from` the two-sided mid-p McNemar test detects with the given power
 * at n pairs when δ of them change, all one way (p10 = 0, p01 = δ): the fewest discordant pairs
 * a change of δ can have. What the MDE becomes where {@link mcnemarMidPMde} at a discordance ψ has
 * none (ψ too small for any change within it to be seen): a larger change moves more pairs.
 * NaN when even every pair changing is not detectable.
 *
 * @example
 * mcnemarMidPOneWayMde({ n: 10_000, from: 1e-4 }) // ≈ 0.0007: 7 of 10,000 pairs flipping one way
 */
export function mcnemarMidPOneWayMde(options: { n: number; from: number; alpha?: number; power?: number }): number {
  const fn = 'mcnemarMidPOneWayMde';
  const alpha = options.alpha ?? 0.05;
  const target = options.power ?? 0.8;
  assertOpenUnit(fn, 'alpha', alpha);
  assertOpenUnit(fn, 'power', target);
  const { n, from } = options;
  if (!(from >= 0 && from <= 1)) fail(fn, `from must be in [0, 1], got ${from}`);
  // With every changed pair one way, m discordant pairs are rejected exactly when m ≥ m*, the
  // fewest pairs whose one-way split the test rejects (5 at α = 0.05: 0.5⁵ ≤ α). So the power
  // is P(Bin(n, δ) ≥ m*) = I_δ(m*, n − m* + 1), and the MDE is that beta's quantile at the target.
  let fewest = 1;
  while (fewest <= n && computeCriticalCount(fewest, alpha, true) < 0) fewest++;
  if (fewest > n) return NaN;
  let delta = Math.max(from, inverseRegularizedBeta(target, fewest, n - fewest + 1));
  // The quantile can sit a rounding error under the target on the test's own power sum: step up
  // by a relative 1e-9 (doubling) until that sum reaches it, so the MDE's power is never below.
  for (let step = 1e-9; step < 1e-3 && mcnemarMidPPower({ n, p10: 0, p01: delta, alpha }) < target; step *= 2) {
    delta = Math.min(1, delta * (1 + step));
  }
  return delta;
}

/**
 * Whether `mcnemarMidPPower(options) >= target`, decided on the swept power sum
 * (mcnemar-midp-sweep.ts) when it has many terms and is not within its guard band of the
 * target, on the exact sum otherwise: the same answer, at a fraction of the cost at large n.
 */
function powerReaches(options: { n: number; p10: number; p01: number; alpha: number }, target: number): boolean {
  const { n, p10, p01, alpha } = options;
  const psi = p10 + p01;
  const theta = p01 / psi;
  if (Number.isInteger(n) && psi > 0 && psi <= 1 && p10 >= 0 && theta > 0 && theta < 1) {
    const { m, w, k } = powerTerms(n, psi, alpha, true);
    if (m.length >= SWEEP_MIN_TERMS) {
      const swept = Math.min(1, sweptLowerTails(m, k, w, theta) + sweptLowerTails(m, k, w, 1 - theta));
      if (Math.abs(swept - target) > POWER_GUARD) return swept >= target;
    }
  }
  return mcnemarMidPPower(options) >= target;
}

/**
 * The first n ≥ `start` whose power stays at `target` for the next 10 n too (exact power is
 * not monotone in n): grows in 1% steps, bisects the last step, then walks to stability.
 */
export function smallestStableN(powerAt: (n: number) => number, target: number, start: number, maxSteps = 200): number {
  const stable = (n: number) => {
    for (let k = 0; k <= 10; k++) if (powerAt(n + k) < target) return false;
    return true;
  };
  let low = start - 1;
  let high = start;
  const step = Math.max(1, Math.ceil(start * 0.01));
  for (let i = 0; i < maxSteps && powerAt(high) < target; i++) {
    low = high;
    high += step;
  }
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (powerAt(mid) >= target) high = mid;
    else low = mid;
  }
  let n = high;
  while (!stable(n)) n++;
  return n;
}
