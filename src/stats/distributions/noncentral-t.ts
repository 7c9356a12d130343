/**
 * Noncentral Student-t CDF, for the power of the paired t test.
 *
 * For t ≥ 0 (x = t²/(t²+ν), λ = δ²/2):
 *   F(t; ν, δ) = Φ(−δ) + ½ Σ_j [P_j I_x(j+½, ν/2) + Q_j I_x(j+1, ν/2)]
 * with Poisson weights P_j = e^{−λ} λ^j / j! and Q_j = e^{−λ} λ^j δ / (√2 Γ(j+3/2)).
 * Why sum outward from the Poisson mode (as Benton & Krishnamoorthy do) instead of from
 * j = 0 (Lenth's AS 243): for large noncentrality e^{−λ} underflows and the j = 0 start
 * loses every digit. Terms are evaluated in log space and the sum stops once the
 * remaining Poisson mass is below 1e-17.
 */
import { regularizedBeta } from './beta.js';
import { logGamma } from './gamma.js';
import { normalCdf } from './normal.js';
import { tCdf } from './student-t.js';

const LOG_SQRT2 = 0.5 * Math.LN2;

function seriesTerm(j: number, x: number, y: number, halfDf: number, lambda: number, delta: number): number {
  const logLambda = lambda > 0 ? Math.log(lambda) : -Infinity;
  const base = -lambda + (j === 0 ? 0 : j * logLambda);
  const p = Math.exp(base - logGamma(j + 1));
  let term = p * regularizedBeta(x, j + 0.5, halfDf, y);
  if (delta !== 0) {
    const q = Math.exp(base + Math.log(Math.abs(delta)) - LOG_SQRT2 - logGamma(j + 1.5));
    term += Math.sign(delta) * q * regularizedBeta(x, j + 1, halfDf, y);
  }
  return term;
}

/** Weight bound of term j (the Poisson mass it carries, ignoring the beta factors ≤ 1). */
function termWeight(j: number, lambda: number, delta: number): number {
  const logLambda = lambda > 0 ? Math.log(lambda) : -Infinity;
  const base = -lambda + (j === 0 ? 0 : j * logLambda);
  let w = Math.exp(base - logGamma(j + 1));
  if (delta !== 0) w += Math.exp(base + Math.log(Math.abs(delta)) - LOG_SQRT2 - logGamma(j + 1.5));
  return w;
}

function cdfNonNegative(t: number, df: number, delta: number): number {
  if (t === Infinity) return 1;
  const t2 = t * t;
  const x = t2 / (t2 + df);
  const y = df / (t2 + df);
  const halfDf = df / 2;
  const lambda = (delta * delta) / 2;
  let sum = 0;
  if (x > 0) {
    const mode = Math.floor(lambda);
    for (let j = mode; j < mode + 100000; j++) {
      sum += seriesTerm(j, x, y, halfDf, lambda, delta);
      if (j > mode + 5 && termWeight(j, lambda, delta) < 1e-17) break;
    }
    for (let j = mode - 1; j >= 0; j--) {
      sum += seriesTerm(j, x, y, halfDf, lambda, delta);
      if (termWeight(j, lambda, delta) < 1e-17) break;
    }
  }
  const value = normalCdf(-delta) + 0.5 * sum;
  return Math.min(1, Math.max(0, value));
}

/** P(T ≤ t) for a noncentral t with `df` degrees of freedom and noncentrality `delta`. */
export function noncentralTCdf(t: number, df: number, delta: number): number {
  if (Number.isNaN(t) || Number.isNaN(df) || Number.isNaN(delta) || df <= 0) return NaN;
  if (delta === 0) return tCdf(t, df);
  if (t >= 0) return cdfNonNegative(t, df, delta);
  // F(t; ν, δ) = 1 − F(−t; ν, −δ).
  return 1 - cdfNonNegative(-t, df, -delta);
}

/** P(T > t) for a noncentral t. */
export function noncentralTSf(t: number, df: number, delta: number): number {
  if (Number.isNaN(t) || Number.isNaN(df) || Number.isNaN(delta) || df <= 0) return NaN;
  if (delta === 0) return tCdf(-t, df);
  if (t >= 0) return 1 - cdfNonNegative(t, df, delta);
  return cdfNonNegative(-t, df, -delta);
}
