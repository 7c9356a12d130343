/**
 * Power, sample size and minimum detectable effect (spec §3.9), computed before a run so
 * that a non-significant result can be read as "too small to see" or "probably absent".
 *
 * - Paired t: exact power from the noncentral t; n by root-finding on a continuous n.
 * - Miller (2024) normal form for repeat-averaged scores, and the exact two-tailed normal
 *   solution (both rejection tails counted, as statsmodels' NormalIndPower with ratio = 0).
 * - McNemar: Connor (1987) sample size and the exact power of the exact test.
 */
import { binomialCdf, binomialPmf, binomialSf } from './distributions/binomial.js';
import { noncentralTCdf, noncentralTSf } from './distributions/noncentral-t.js';
import { normalCdf, normalQuantile, normalSf } from './distributions/normal.js';
import { tQuantile } from './distributions/student-t.js';
import { assertOpenUnit, fail, normalizeAlternative, type Alternative } from './validation.js';

/** Brent-style bracketed root finder (bisection + secant), to ~1e-12 relative in x. */
export function findRoot(f: (x: number) => number, lo: number, hi: number, tol = 1e-12): number {
  let flo = f(lo);
  let fhi = f(hi);
  if (flo === 0) return lo;
  if (fhi === 0) return hi;
  if (Math.sign(flo) === Math.sign(fhi)) return NaN;
  for (let i = 0; i < 300; i++) {
    // Secant (regula falsi, Illinois variant) with a bisection fallback.
    let x = hi - (fhi * (hi - lo)) / (fhi - flo);
    if (!(x > Math.min(lo, hi) && x < Math.max(lo, hi)) || i % 4 === 3) x = 0.5 * (lo + hi);
    const fx = f(x);
    if (fx === 0 || Math.abs(hi - lo) <= tol * Math.max(1, Math.abs(x))) return x;
    if (Math.sign(fx) === Math.sign(fhi)) {
      hi = x;
      fhi = fx;
      flo /= 2;
    } else {
      lo = x;
      flo = fx;
      fhi /= 2;
    }
  }
  return 0.5 * (lo + hi);
}

/**
 * Brent's method with scipy's `brentq` step and stopping rules (|bracket|/2 < (xtol +
 * rtol·|x|)/2). Exported because {@link minimumDetectableEffect} reproduces statsmodels'
 * `solve_power`, which stops at xtol = 1e-5; matching its stopping rule is what makes
 * our "exact" MDE agree with that reference to ~1e-10 instead of ~1e-6.
 */
export function brentRoot(
  f: (x: number) => number,
  xa: number,
  xb: number,
  xtol = 2e-12,
  rtol = 8.881784197001252e-16,
  maxIter = 100,
): number {
  let xpre = xa;
  let xcur = xb;
  let xblk = 0;
  let fblk = 0;
  let spre = 0;
  let scur = 0;
  let fpre = f(xpre);
  let fcur = f(xcur);
  if (fpre === 0) return xpre;
  if (fcur === 0) return xcur;
  if (Math.sign(fpre) === Math.sign(fcur)) return NaN;
  for (let i = 0; i < maxIter; i++) {
    if (fpre !== 0 && fcur !== 0 && Math.sign(fpre) !== Math.sign(fcur)) {
      xblk = xpre;
      fblk = fpre;
      spre = scur = xcur - xpre;
    }
    if (Math.abs(fblk) < Math.abs(fcur)) {
      xpre = xcur;
      xcur = xblk;
      xblk = xpre;
      fpre = fcur;
      fcur = fblk;
      fblk = fpre;
    }
    const delta = (xtol + rtol * Math.abs(xcur)) / 2;
    const sbis = (xblk - xcur) / 2;
    if (fcur === 0 || Math.abs(sbis) < delta) return xcur;
    if (Math.abs(spre) > delta && Math.abs(fcur) < Math.abs(fpre)) {
      let stry: number;
      if (xpre === xblk) {
        stry = (-fcur * (xcur - xpre)) / (fcur - fpre); // secant
      } else {
        const dpre = (fpre - fcur) / (xpre - xcur);
        const dblk = (fblk - fcur) / (xblk - xcur);
        stry = (-fcur * (fblk * dblk - fpre * dpre)) / (dblk * dpre * (fblk - fpre)); // inverse quadratic
      }
      if (2 * Math.abs(stry) < Math.min(Math.abs(spre), 3 * Math.abs(sbis) - delta)) {
        spre = scur;
        scur = stry;
      } else {
        spre = sbis;
        scur = sbis;
      }
    } else {
      spre = sbis;
      scur = sbis;
    }
    xpre = xcur;
    fpre = fcur;
    xcur += Math.abs(scur) > delta ? scur : sbis > 0 ? delta : -delta;
    fcur = f(xcur);
  }
  return xcur;
}

/** Paired t power options; effectSize is d_z = mean(d)/sd(d). */
export interface PairedTPowerOptions {
  effectSize: number;
  n: number;
  alpha?: number;
  alternative?: Alternative | 'smaller' | 'larger';
}

/** Power of the paired t test (noncentral t with df = n − 1, λ = d_z·√n). */
export function pairedTPower(options: PairedTPowerOptions): { power: number; df: number; noncentrality: number } {
  const fn = 'pairedTPower';
  const alpha = options.alpha ?? 0.05;
  assertOpenUnit(fn, 'alpha', alpha);
  const alt = normalizeAlternative(fn, options.alternative);
  const { effectSize, n } = options;
  if (!Number.isFinite(effectSize)) fail(fn, `effectSize must be finite, got ${effectSize}`);
  if (!(n > 1)) fail(fn, `n must be > 1 (df = n − 1), got ${n}`);
  return { power: powerAt(effectSize, n, alpha, alt), df: n - 1, noncentrality: effectSize * Math.sqrt(n) };
}

function powerAt(dz: number, n: number, alpha: number, alt: Alternative): number {
  const df = n - 1;
  const nc = dz * Math.sqrt(n);
  const a = alt === 'two-sided' ? alpha / 2 : alpha;
  let power = 0;
  if (alt !== 'less') power += noncentralTSf(tQuantile(1 - a, df), df, nc);
  if (alt !== 'greater') power += noncentralTCdf(tQuantile(a, df), df, nc);
  return power;
}

/** Paired t sample size: the continuous n reaching `power`, and its ceiling. */
export function pairedTSampleSize(options: {
  effectSize: number;
  alpha?: number;
  power?: number;
  alternative?: Alternative | 'smaller' | 'larger';
}): {
  n: number;
  nCeil: number;
  reason?: string;
} {
  const fn = 'pairedTSampleSize';
  const alpha = options.alpha ?? 0.05;
  const target = options.power ?? 0.8;
  assertOpenUnit(fn, 'alpha', alpha);
  assertOpenUnit(fn, 'power', target);
  const alt = normalizeAlternative(fn, options.alternative);
  const dz = options.effectSize;
  if (!Number.isFinite(dz)) fail(fn, `effectSize must be finite, got ${dz}`);
  if (dz === 0) return { n: Infinity, nCeil: Infinity, reason: 'effect size 0: power stays at α for every n' };
  if ((alt === 'greater' && dz < 0) || (alt === 'less' && dz > 0)) {
    return { n: Infinity, nCeil: Infinity, reason: 'the effect points away from the one-sided alternative' };
  }
  const f = (n: number): number => powerAt(dz, n, alpha, alt) - target;
  let lo = 1.5;
  if (f(lo) >= 0) return { n: lo, nCeil: 2, reason: 'target power is reached at the smallest n with df ≥ 1' };
  let hi = 4;
  while (f(hi) < 0) {
    lo = hi;
    hi *= 2;
    if (hi > 1e12) return { n: Infinity, nCeil: Infinity, reason: 'no finite n reaches the target power' };
  }
  const n = findRoot(f, lo, hi, 1e-13);
  return { n, nCeil: Math.ceil(n - 1e-9) };
}

/** Inputs of the Miller (2024) normal-approximation formulas. */
export interface MillerInputs {
  /** Variance over items of the paired difference of expected scores. */
  omega2: number;
  /** Within-item (repeat) variances of runs A and B; 0 for deterministic scoring. */
  sigma2A?: number;
  sigma2B?: number;
  /** Repeats per item in A and B (default 1). */
  kA?: number;
  kB?: number;
  alpha?: number;
  power?: number;
}

function millerVariance(fn: string, o: MillerInputs): number {
  const kA = o.kA ?? 1;
  const kB = o.kB ?? 1;
  const s2A = o.sigma2A ?? 0;
  const s2B = o.sigma2B ?? 0;
  if (!(o.omega2 >= 0) || !(s2A >= 0) || !(s2B >= 0))
    fail(fn, 'omega2, sigma2A and sigma2B must be non-negative variances');
  if (!(kA >= 1) || !(kB >= 1)) fail(fn, `kA and kB must be ≥ 1 repeats, got ${kA} and ${kB}`);
  const v = o.omega2 + s2A / kA + s2B / kB;
  if (!(v > 0)) fail(fn, 'the total variance omega2 + sigma2A/kA + sigma2B/kB must be > 0');
  return v;
}

/** Two-sided power of a z test counting both tails, at standardised effect es and n. */
function normalTwoTailPower(es: number, n: number, zCrit: number): number {
  const shift = es * Math.sqrt(n);
  return normalSf(zCrit - shift) + normalCdf(-zCrit - shift);
}

/** Miller sample size n = (z_{1−α/2} + z_power)²·V/δ², plus the exact two-tail solution. */
export function millerSampleSize(options: MillerInputs & { delta: number }): {
  n: number;
  nCeil: number;
  nTwoTailExact: number;
  reason?: string;
} {
  const fn = 'millerSampleSize';
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  assertOpenUnit(fn, 'alpha', alpha);
  assertOpenUnit(fn, 'power', power);
  const v = millerVariance(fn, options);
  const delta = Math.abs(options.delta);
  if (!Number.isFinite(delta)) fail(fn, `delta must be finite, got ${options.delta}`);
  if (delta === 0)
    return { n: Infinity, nCeil: Infinity, nTwoTailExact: Infinity, reason: 'delta = 0: power stays at α for every n' };
  const zA = normalQuantile(1 - alpha / 2);
  const zB = normalQuantile(power);
  const n = ((zA + zB) ** 2 * v) / (delta * delta);
  const es = delta / Math.sqrt(v);
  const nTwoTailExact = findRoot((m) => normalTwoTailPower(es, m, zA) - power, n * 0.5, n * 1.01 + 1, 1e-14);
  return { n, nCeil: Math.ceil(n - 1e-9), nTwoTailExact };
}

/**
 * Minimum detectable effect at n: (z_{1−α/2} + z_power)·sqrt(V/n), plus the two-tail normal
 * solution as statsmodels' NormalIndPower(ratio = 0).solve_power computes it (its solver
 * tolerance, 1e-5 on the standardised effect, is reproduced rather than improved on).
 */
export function minimumDetectableEffect(options: MillerInputs & { n: number }): {
  mde: number;
  mdeTwoTailExact: number;
} {
  const fn = 'minimumDetectableEffect';
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  assertOpenUnit(fn, 'alpha', alpha);
  assertOpenUnit(fn, 'power', power);
  if (!(options.n > 0)) fail(fn, `n must be > 0 items, got ${options.n}`);
  const v = millerVariance(fn, options);
  const zA = normalQuantile(1 - alpha / 2);
  const zB = normalQuantile(power);
  const es = (zA + zB) / Math.sqrt(options.n);
  // As statsmodels' solve_power: bracket [0, 1] expanded ×10 until it holds the root, Brent, xtol 1e-5.
  const f = (e: number): number => normalTwoTailPower(e, options.n, zA) - power;
  let left = 0;
  let right = 1;
  while (f(right) < 0 && right < 1e12) {
    left = right;
    right *= 10;
  }
  const esExact = brentRoot(f, left, right, 1e-5);
  return { mde: es * Math.sqrt(v), mdeTwoTailExact: esExact * Math.sqrt(v) };
}

function checkDiscordance(fn: string, p10: number, p01: number): { psi: number; delta: number } {
  if (!(p10 >= 0 && p01 >= 0 && p10 + p01 <= 1))
    fail(fn, `p10 and p01 must be ≥ 0 with p10 + p01 ≤ 1, got ${p10} and ${p01}`);
  const psi = p10 + p01;
  const delta = p10 - p01;
  if (!(psi > 0))
    fail(fn, 'the discordance rate p10 + p01 must be > 0; with no discordant pairs no test can detect a difference');
  return { psi, delta };
}

/** McNemar sample size: Connor (1987) and the (slightly smaller) Miller form with ω² = ψ − δ². */
export function mcnemarSampleSize(options: { p10: number; p01: number; alpha?: number; power?: number }): {
  nConnor: number;
  nConnorCeil: number;
  nMiller: number;
  nMillerCeil: number;
  reason?: string;
} {
  const fn = 'mcnemarSampleSize';
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  assertOpenUnit(fn, 'alpha', alpha);
  assertOpenUnit(fn, 'power', power);
  const { psi, delta } = checkDiscordance(fn, options.p10, options.p01);
  if (delta === 0)
    return {
      nConnor: Infinity,
      nConnorCeil: Infinity,
      nMiller: Infinity,
      nMillerCeil: Infinity,
      reason: 'p10 = p01: no difference to detect',
    };
  if (psi <= delta * delta) fail(fn, `need p10 + p01 > (p10 − p01)², got ψ = ${psi}, δ² = ${delta * delta}`);
  const zA = normalQuantile(1 - alpha / 2);
  const zB = normalQuantile(power);
  const nConnor = (zA * Math.sqrt(psi) + zB * Math.sqrt(psi - delta * delta)) ** 2 / (delta * delta);
  const nMiller = ((zA + zB) ** 2 * (psi - delta * delta)) / (delta * delta);
  return { nConnor, nConnorCeil: Math.ceil(nConnor - 1e-9), nMiller, nMillerCeil: Math.ceil(nMiller - 1e-9) };
}

/**
 * Exact power of the two-sided exact McNemar test at n pairs:
 * Σ_m Bin(m; n, ψ)·P(min(b, m−b) ≤ k_m | m), k_m the largest k with p_exact(k, m) ≤ α.
 * Not monotone in n (discreteness), so report it beside the normal approximation.
 */
export function mcnemarExactPower(options: { n: number; p10: number; p01: number; alpha?: number }): { power: number } {
  const fn = 'mcnemarExactPower';
  const alpha = options.alpha ?? 0.05;
  assertOpenUnit(fn, 'alpha', alpha);
  const { n } = options;
  if (!Number.isInteger(n) || n < 0) fail(fn, `n must be a non-negative integer number of pairs, got ${n}`);
  const { psi } = checkDiscordance(fn, options.p10, options.p01);
  const theta = options.p10 / psi;
  let power = 0;
  for (let m = 1; m <= n; m++) {
    const w = binomialPmf(m, n, psi);
    if (w < 1e-16) continue; // at most n·1e-16 of power left out
    // Largest k with 2·P(X ≤ k) ≤ α, X ~ Bin(m, ½).
    let cdf = 0;
    let k = -1;
    for (let j = 0; j <= m >> 1; j++) {
      cdf += binomialPmf(j, m, 0.5);
      if (Math.min(1, 2 * cdf) <= alpha) k = j;
      else break;
    }
    if (k < 0) continue;
    // Reject when b ≤ k or b ≥ m − k (disjoint because k < m/2).
    const reject = binomialCdf(k, m, theta) + binomialSf(m - k - 1, m, theta);
    power += w * reject;
  }
  return { power };
}
