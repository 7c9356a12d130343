/**
 * Seeded bootstrap resamplers (spec §3.4) over items, item pairs and clusters, returning
 * percentile or BCa intervals (see `bootstrap-intervals.ts`) with B and the seed reported.
 *
 * Why the hand-inlined generator: a paired bootstrap of 10,000 resamples over 100,000 items
 * draws 10⁹ indices. Calling `rng.int` per draw costs a closure call each time; inlining
 * xoshiro128** on local variables (reading and writing back `rng.state`, so the generator
 * stays one seeded stream) keeps it near 1.5 ns per draw, with no allocation per resample.
 */
import { bcaIntervalFromReplicates, bootstrapPercentileInterval } from './bootstrap-intervals.js';
import { mean, variance } from './descriptive.js';
import { resolveRng, type Rng } from './rng.js';
import { assertOpenUnit, assertSameLength, fail, toFiniteArray } from './validation.js';

const TWO_POW_32 = 4294967296;
const INV_TWO_POW_32 = 1 / TWO_POW_32;
/** Up to this n the product r·n is exact in a double, so Lemire rejection is exact. */
const FAST_PATH_MAX_N = 2 ** 21;

/** Options shared by the resampling intervals. */
export interface BootstrapOptions {
  /** The generator; its seed is reported. */
  rng?: Rng;
  /** Used when `rng` is absent (default {@link DEFAULT_SEED}). */
  seed?: number;
  /** Number of resamples B (default 2000; use ≥ 10,000 for BCa). */
  samples?: number;
  alpha?: number;
  /** 'percentile' (default) or 'bca'. */
  method?: 'percentile' | 'bca';
  /** Only 'mean' is built in. */
  statistic?: 'mean';
}

/** A bootstrap interval; `samples` (B) and `seed` are always reported. */
export interface BootstrapInterval {
  value: number;
  lower: number;
  upper: number;
  samples: number;
  seed?: number;
  method: 'percentile' | 'bca';
  /** SD (ddof = 1) of the replicates: the bootstrap SE. */
  se: number;
  reason?: string;
}

/**
 * Fill `out` with B resampled means of `values` (items drawn with replacement).
 * No allocation per resample.
 */
export function bootstrapMeanReplicates(values: Float64Array, rng: Rng, out: Float64Array): Float64Array {
  const n = values.length;
  const b = out.length;
  if (n === 0) {
    out.fill(NaN);
    return out;
  }
  if (n > FAST_PATH_MAX_N) {
    for (let r = 0; r < b; r++) {
      let acc = 0;
      for (let j = 0; j < n; j++) acc += values[rng.int(n)];
      out[r] = acc / n;
    }
    return out;
  }
  const st = rng.state;
  // Lemire's multiply-shift: idx = floor(x·n/2^32) is exactly uniform once the draws whose
  // low word falls below `threshold` are rejected. A rejected draw (probability < n/2^32) is
  // not retried in the hot loop — a retry loop or a select there costs up to 2× in V8 — but
  // subtracted again on a rarely-taken branch, counted, and replaced after the pass by a
  // fresh `rng.int(n)` draw, which keeps the n indices i.i.d. uniform.
  const threshold = ((TWO_POW_32 - n) % n) * INV_TWO_POW_32;
  const scale = n * INV_TWO_POW_32; // exact: a power-of-two scaling
  const half = n >> 1;
  let s0 = st[0] | 0,
    s1 = st[1] | 0,
    s2 = st[2] | 0,
    s3 = st[3] | 0;
  for (let r = 0; r < b; r++) {
    // Two accumulators, two draws per iteration: breaks the floating-point add dependency chain.
    let a0 = 0;
    let a1 = 0;
    let redraw = n & 1;
    for (let j = 0; j < half; j++) {
      let m = Math.imul(s1, 5);
      let x = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      let f = x * scale; // exact, x·n < 2^53
      let idx = f | 0;
      a0 += values[idx];
      if (f - idx < threshold) {
        a0 -= values[idx]; // rejected: take it back, redraw after the pass
        redraw++;
      }
      m = Math.imul(s1, 5);
      x = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      f = x * scale;
      idx = f | 0;
      a1 += values[idx];
      if (f - idx < threshold) {
        a1 -= values[idx];
        redraw++;
      }
    }
    if (redraw > 0) {
      st[0] = s0;
      st[1] = s1;
      st[2] = s2;
      st[3] = s3;
      for (let k = 0; k < redraw; k++) a0 += values[rng.int(n)];
      s0 = st[0] | 0;
      s1 = st[1] | 0;
      s2 = st[2] | 0;
      s3 = st[3] | 0;
    }
    out[r] = (a0 + a1) / n;
  }
  st[0] = s0;
  st[1] = s1;
  st[2] = s2;
  st[3] = s3;
  return out;
}

/**
 * A reusable index resampler for custom statistics: `next()` refills and returns the same
 * Uint32Array of n indices drawn with replacement (no allocation per resample).
 */
export function createResampler(n: number, rng: Rng): { indices: Uint32Array; next(): Uint32Array } {
  if (!Number.isInteger(n) || n < 1) fail('createResampler', `n must be a positive integer, got ${n}`);
  const indices = new Uint32Array(n);
  return {
    indices,
    next(): Uint32Array {
      for (let j = 0; j < n; j++) indices[j] = rng.int(n);
      return indices;
    },
  };
}

function summarise(
  data: Float64Array,
  replicates: Float64Array,
  rng: Rng,
  options: BootstrapOptions,
): BootstrapInterval {
  const alpha = options.alpha ?? 0.05;
  const method = options.method ?? 'percentile';
  const value = mean(data);
  const se = Math.sqrt(variance(replicates, 1));
  if (method === 'bca') {
    const r = bcaIntervalFromReplicates(data, replicates, { alpha });
    return {
      value,
      lower: r.lower,
      upper: r.upper,
      samples: replicates.length,
      seed: rng.seed,
      method: r.method,
      se,
      reason: r.reason,
    };
  }
  const p = bootstrapPercentileInterval(replicates, alpha);
  return {
    value,
    lower: p.lower,
    upper: p.upper,
    samples: replicates.length,
    seed: rng.seed,
    method: 'percentile',
    se,
  };
}

function checkOptions(fn: string, options: BootstrapOptions): number {
  const samples = options.samples ?? 2000;
  if (!Number.isInteger(samples) || samples < 1)
    fail(fn, `samples must be a positive integer, got ${samples}; use 2000 or more`);
  assertOpenUnit(fn, 'alpha', options.alpha ?? 0.05);
  if (options.statistic !== undefined && options.statistic !== 'mean') {
    fail(fn, `statistic must be 'mean', got '${String(options.statistic)}'; use createResampler for other statistics`);
  }
  return samples;
}

/** Bootstrap interval for a mean, resampling items. */
export function bootstrapMeanInterval(values: ArrayLike<number>, options: BootstrapOptions = {}): BootstrapInterval {
  const fn = 'bootstrapMeanInterval';
  const samples = checkOptions(fn, options);
  const x = toFiniteArray(fn, 'values', values);
  const rng = resolveRng(options);
  if (x.length < 2) {
    return {
      value: mean(x),
      lower: NaN,
      upper: NaN,
      samples,
      seed: rng.seed,
      method: options.method ?? 'percentile',
      se: NaN,
      reason: 'need at least 2 items to bootstrap',
    };
  }
  return summarise(x, bootstrapMeanReplicates(x, rng, new Float64Array(samples)), rng, options);
}

/**
 * Paired bootstrap interval for mean(a − b): item pairs are resampled together (the same
 * index for A and B), which is what makes the interval paired.
 */
export function pairedBootstrapInterval(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: BootstrapOptions = {},
): BootstrapInterval {
  const fn = 'pairedBootstrapInterval';
  assertSameLength(fn, a, b);
  const samples = checkOptions(fn, options);
  const xa = toFiniteArray(fn, 'a', a);
  const xb = toFiniteArray(fn, 'b', b);
  const d = new Float64Array(xa.length);
  for (let i = 0; i < d.length; i++) d[i] = xa[i] - xb[i];
  const rng = resolveRng(options);
  if (d.length < 2) {
    return {
      value: mean(d),
      lower: NaN,
      upper: NaN,
      samples,
      seed: rng.seed,
      method: options.method ?? 'percentile',
      se: NaN,
      reason: 'need at least 2 pairs to bootstrap',
    };
  }
  return summarise(d, bootstrapMeanReplicates(d, rng, new Float64Array(samples)), rng, options);
}

/**
 * Cluster bootstrap for a mean: whole clusters are drawn with replacement and the replicate
 * is Σ(values in drawn clusters)/Σ(their sizes). Percentile interval only.
 */
export function clusterBootstrapMeanInterval(
  values: ArrayLike<number>,
  clusters: ArrayLike<string | number>,
  options: Omit<BootstrapOptions, 'method'> = {},
): BootstrapInterval {
  const fn = 'clusterBootstrapMeanInterval';
  const samples = checkOptions(fn, options);
  const x = toFiniteArray(fn, 'values', values);
  if (clusters.length !== x.length)
    fail(fn, `values and clusters must have the same length, got ${x.length} and ${clusters.length}`);
  const index = new Map<string | number, number>();
  const sumsList: number[] = [];
  const sizesList: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const id = clusters[i];
    if (id === null || id === undefined) fail(fn, `clusters[${i}] is missing; give every item a cluster id`);
    let c = index.get(id);
    if (c === undefined) {
      c = sumsList.length;
      index.set(id, c);
      sumsList.push(0);
      sizesList.push(0);
    }
    sumsList[c] += x[i];
    sizesList[c] += 1;
  }
  const rng = resolveRng(options);
  const c = sumsList.length;
  const value = mean(x);
  if (c < 2) {
    return {
      value,
      lower: NaN,
      upper: NaN,
      samples,
      seed: rng.seed,
      method: 'percentile',
      se: NaN,
      reason: 'need at least 2 clusters to bootstrap',
    };
  }
  const sums = Float64Array.from(sumsList);
  const sizes = Float64Array.from(sizesList);
  const reps = new Float64Array(samples);
  for (let r = 0; r < samples; r++) {
    let s = 0;
    let m = 0;
    for (let j = 0; j < c; j++) {
      const k = rng.int(c);
      s += sums[k];
      m += sizes[k];
    }
    reps[r] = s / m;
  }
  const p = bootstrapPercentileInterval(reps, options.alpha ?? 0.05);
  return {
    value,
    lower: p.lower,
    upper: p.upper,
    samples,
    seed: rng.seed,
    method: 'percentile',
    se: Math.sqrt(variance(reps, 1)),
  };
}
