/**
 * Regularized incomplete beta function I_x(a, b) and its inverse.
 *
 * These carry the Student-t CDF and quantile, Clopper–Pearson bounds, binomial tails and
 * the noncentral t series. Callers pass both x and y = 1 − x when they know y more
 * precisely than `1 - x` would give (t tails do), which avoids cancellation near 1.
 */
import { logBeta } from './gamma.js';

const EPS = 3e-16; // about one ulp of 1: stop once a factor rounds to 1
const TINY = 1e-300;
const MAX_ITER = 100000;

/** Continued fraction for I_x(a, b) (modified Lentz); converges fast for x < (a+1)/(a+b+2). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** x^a y^b / (a B(a, b)), the prefactor of the continued fraction. */
function prefactor(x: number, y: number, a: number, b: number): number {
  return Math.exp(a * Math.log(x) + b * Math.log(y) - logBeta(a, b)) / a;
}

/**
 * I_x(a, b) = P(X ≤ x) for X ~ Beta(a, b). `y` defaults to 1 − x; pass it when known exactly.
 */
export function regularizedBeta(x: number, a: number, b: number, y: number = 1 - x): number {
  if (Number.isNaN(x) || Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  if (x < (a + 1) / (a + b + 2)) return prefactor(x, y, a, b) * betaContinuedFraction(x, a, b);
  return 1 - prefactor(y, x, b, a) * betaContinuedFraction(y, b, a);
}

/** 1 − I_x(a, b) = I_y(b, a), computed without cancellation. */
export function regularizedBetaUpper(x: number, a: number, b: number, y: number = 1 - x): number {
  return regularizedBeta(y, b, a, x);
}

/** Beta(a, b) density at x. */
export function betaPdf(x: number, a: number, b: number): number {
  if (x < 0 || x > 1) return 0;
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta(a, b));
}

/** Starting value for the inverse (Numerical Recipes style, two regimes). */
function initialGuess(p: number, a: number, b: number): number {
  if (a >= 1 && b >= 1) {
    const pp = p < 0.5 ? p : 1 - p;
    const t = Math.sqrt(-2 * Math.log(pp));
    let x = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
    if (p < 0.5) x = -x;
    const al = (x * x - 3) / 6;
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
    const w = (x * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
    return a / (a + b * Math.exp(2 * w));
  }
  const lna = Math.log(a / (a + b));
  const lnb = Math.log(b / (a + b));
  const t = Math.exp(a * lna) / a;
  const u = Math.exp(b * lnb) / b;
  const w = t + u;
  if (p < t / w) return Math.pow(a * w * p, 1 / a);
  return 1 - Math.pow(b * w * (1 - p), 1 / b);
}

/**
 * Inverse of I_x(a, b): the x in [0, 1] with I_x(a, b) = p.
 * Halley steps inside a shrinking bracket (bisection when a step leaves it). The residual
 * is evaluated in whichever tail p lies so that small tail probabilities keep their digits.
 */
export function inverseRegularizedBeta(p: number, a: number, b: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(a > 0) || !(b > 0)) return NaN;
  if (p === 0) return 0;
  if (p === 1) return 1;
  const lower = p <= 0.5;
  const target = lower ? p : 1 - p;
  // residual(x) has the sign of I_x(a, b) − p.
  const residual = (x: number): number =>
    lower ? regularizedBeta(x, a, b) - target : target - regularizedBetaUpper(x, a, b);
  const logNorm = -logBeta(a, b);
  let lo = 0;
  let hi = 1;
  let x = initialGuess(p, a, b);
  if (!(x > 0 && x < 1)) x = 0.5;
  for (let iter = 0; iter < 200; iter++) {
    const r = residual(x);
    if (r === 0) return x;
    if (r < 0) lo = x;
    else hi = x;
    const pdf = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) + logNorm);
    let next: number;
    if (pdf > 0 && Number.isFinite(pdf)) {
      const u = r / pdf;
      const curvature = (a - 1) / x - (b - 1) / (1 - x);
      const step = u / (1 - 0.5 * Math.min(1, Math.max(-1, u * curvature)));
      next = x - step;
    } else {
      next = NaN;
    }
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) <= 1e-15 * Math.max(x, 1e-300) || hi - lo <= 1e-16 * Math.max(x, 1e-300)) {
      return next;
    }
    x = next;
  }
  return x;
}
