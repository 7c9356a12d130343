/**
 * A weighted proportion with a design-based (Taylor-linearised) variance, for eval sets
 * drawn by stratified sampling (`dataset build`) and for runs reweighted to a known mix
 * (post-stratification or raking in `diagnose`).
 *
 * Why not the Kish interval: Kish's n_eff uses the overall p(1 − p) for every case. When
 * strata differ in pass rate, that is too wide for a stratified sample (the between-strata
 * variance is not sampling error) and too narrow when the hard strata carry large weights.
 * Here each case contributes its linearised value z_i = w_i·e_i/Σw, where e_i is its residual
 * from the calibration model (the stratum's weighted mean, or an additive fit over the
 * raking margins), and V = Σ_h (1 − f_h)·n_h/(n_h − 1)·Σ_{i∈h}(z_i − z̄_h)². The interval is
 * Wilson at n_eff = p̂(1 − p̂)/V, so it stays inside [0, 1].
 *
 * Small strata of 0/1 outcomes often show no spread (6 cases, all failed) although their rate
 * is uncertain; their term is floored at (W_h)²·p̃_h(1 − p̃_h)/n_h with the Laplace-smoothed
 * rate p̃_h = (x_h + 1)/(n_h + 2). Without it, coverage fell to 91% with 6 cases a cell.
 */
import { wilsonIntervalFromRate } from './proportion-intervals.js';
import { assertOpenUnit, fail, toFiniteArray } from './validation.js';

export interface DesignIntervalOptions {
  readonly alpha?: number;
  /** Sampling fraction n_h/N_h of each item's stratum (finite-population correction); 0 by default. */
  readonly samplingFraction?: ArrayLike<number>;
  /**
   * Raking margins: for each calibrated field, each item's value. Residuals then come from an
   * additive weighted fit over the margins instead of the stratum means.
   */
  readonly margins?: readonly ArrayLike<string>[];
}

export interface DesignInterval {
  value: number;
  lower: number;
  upper: number;
  se: number;
  /** p̂(1 − p̂)/V: the sample size a simple random sample would need for this precision. */
  nEff: number;
  /** Strata with a single item: no within-stratum variance, counted conservatively. */
  singletonStrata: number;
  reason?: string;
}

/**
 * @example
 * stratifiedProportionInterval([1, 0, 1, 1], [10, 10, 30, 30], ['a', 'a', 'b', 'b']);
 */
export function stratifiedProportionInterval(
  values01: ArrayLike<number>,
  weights: ArrayLike<number>,
  strata: ArrayLike<string | number>,
  options: DesignIntervalOptions = {},
): DesignInterval {
  const fn = 'stratifiedProportionInterval';
  const alpha = options.alpha ?? 0.05;
  assertOpenUnit(fn, 'alpha', alpha);
  const y = toFiniteArray(fn, 'values01', values01);
  const w = toFiniteArray(fn, 'weights', weights);
  const n = y.length;
  if (w.length !== n || strata.length !== n)
    fail(fn, `values01, weights and strata must have the same length, got ${n}, ${w.length}, ${strata.length}`);
  let sw = 0;
  let swy = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] < 0 || y[i] > 1) fail(fn, `values01[${i}] must be in [0, 1], got ${y[i]}`);
    if (w[i] < 0) fail(fn, `weights[${i}] must be ≥ 0, got ${w[i]}`);
    sw += w[i];
    swy += w[i] * y[i];
  }
  if (!(sw > 0))
    return {
      value: NaN,
      lower: 0,
      upper: 1,
      se: NaN,
      nEff: 0,
      singletonStrata: 0,
      reason: 'total weight is 0: no information, vacuous interval',
    };
  const p = swy / sw;
  const raked = options.margins !== undefined && options.margins.length > 0;
  const e = raked ? additiveResiduals(y, w, options.margins ?? []) : stratumResiduals(y, w, strata);
  const groups = new Map<string | number, number[]>();
  for (let i = 0; i < n; i++) {
    if (w[i] === 0) continue;
    const list = groups.get(strata[i]);
    if (list) list.push(i);
    else groups.set(strata[i], [i]);
  }
  let v = 0;
  let singletons = 0;
  for (const members of groups.values()) {
    const f = options.samplingFraction ? Math.min(1, Math.max(0, options.samplingFraction[members[0]])) : 0;
    const z = members.map((i) => (w[i] * e[i]) / sw);
    if (z.length === 1) {
      // No within-stratum spread to measure: count the item's own deviation (conservative).
      singletons++;
      v += (1 - f) * z[0] * z[0];
      continue;
    }
    const zbar = z.reduce((a, b) => a + b, 0) / z.length;
    const ss = z.reduce((a, b) => a + (b - zbar) * (b - zbar), 0);
    // The floor is for strata of a design; a raked estimate's residuals already carry the spread.
    const floor = raked ? 0 : binaryFloor(members, y, w, sw);
    v += (1 - f) * Math.max((z.length * ss) / (z.length - 1), floor);
  }
  const units = groups.size > 0 ? [...groups.values()].reduce((a, m) => a + m.length, 0) : 0;
  // V = 0 (every stratum pure, or a census) gives no spread to scale by: fall back to the item count.
  const nEff = v > 0 && p > 0 && p < 1 ? Math.max(1, (p * (1 - p)) / v) : units;
  const interval = wilsonIntervalFromRate(p, nEff, alpha);
  return {
    value: p,
    lower: interval.lower,
    upper: interval.upper,
    se: Math.sqrt(v),
    nEff,
    singletonStrata: singletons,
  };
}

function stratumResiduals(y: Float64Array, w: Float64Array, strata: ArrayLike<string | number>): Float64Array {
  const sums = new Map<string | number, [number, number]>();
  for (let i = 0; i < y.length; i++) {
    const s = sums.get(strata[i]) ?? [0, 0];
    s[0] += w[i] * y[i];
    s[1] += w[i];
    sums.set(strata[i], s);
  }
  const e = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const [a, b] = sums.get(strata[i]) as [number, number];
    e[i] = y[i] - (b > 0 ? a / b : 0);
  }
  return e;
}

/** Residuals of a weighted additive fit y ≈ Σ_m β_m[value] (backfitting, a few dozen sweeps). */
function additiveResiduals(y: Float64Array, w: Float64Array, margins: readonly ArrayLike<string>[]): Float64Array {
  const e = Float64Array.from(y);
  for (let sweep = 0; sweep < 50; sweep++) {
    let change = 0;
    for (const m of margins) {
      const sums = new Map<string, [number, number]>();
      for (let i = 0; i < e.length; i++) {
        const s = sums.get(m[i]) ?? [0, 0];
        s[0] += w[i] * e[i];
        s[1] += w[i];
        sums.set(m[i], s);
      }
      for (let i = 0; i < e.length; i++) {
        const [a, b] = sums.get(m[i]) as [number, number];
        const shift = b > 0 ? a / b : 0;
        e[i] -= shift;
        change = Math.max(change, Math.abs(shift));
      }
    }
    if (change < 1e-12) break;
  }
  return e;
}

/** (W_h)²·p̃(1 − p̃)/n_h for a stratum of 0/1 values (W_h its share of the weight), else 0. */
function binaryFloor(members: readonly number[], y: Float64Array, w: Float64Array, sw: number): number {
  if (!members.every((i) => y[i] === 0 || y[i] === 1)) return 0;
  let wh = 0;
  let wy = 0;
  for (const i of members) {
    wh += w[i];
    wy += w[i] * y[i];
  }
  const n = members.length;
  const smoothed = ((wy / wh) * n + 1) / (n + 2);
  return ((wh / sw) ** 2 * smoothed * (1 - smoothed)) / n;
}
