/** Runs calibration lines: each is a count of events over seeded replications. */
import { createRng, type Rng } from '../../src/stats/index.js';

export type Kind = 'coverage' | 'false-pass' | 'false-alarm' | 'power';

export interface Line {
  readonly kind: Kind;
  readonly what: string;
  readonly n: number;
  /** Target: coverage band, or an upper bound (false pass/alarm), or a power target ± 3 points. */
  readonly target: { readonly min?: number; readonly max?: number; readonly nominal?: number };
  /** One replication: true when the event counted happens (covered, passed, flagged, detected). */
  readonly replicate: (rng: Rng) => boolean;
  /** Replications relative to the run's base count (cheap lines can afford more). */
  readonly weight?: number;
}

export interface LineResult {
  readonly kind: Kind;
  readonly what: string;
  readonly n: number;
  readonly reps: number;
  readonly seed: number;
  readonly rate: number;
  readonly mcError: number;
  readonly target: string;
  readonly met: boolean;
}

function targetText(t: Line['target']): string {
  if (t.min !== undefined && t.max !== undefined) return `${pct(t.min)}–${pct(t.max)}`;
  if (t.min !== undefined) return `≥ ${pct(t.min)}`;
  return `≤ ${pct(t.max!)}`;
}

/**
 * Runs one line with `reps` replications from `seed`. A target is met when the rate is within
 * it up to 2 Monte Carlo errors (sqrt(r(1 − r)/reps), at least that of the target itself).
 */
export function runLine(line: Line, reps: number, seed: number): LineResult {
  const rng = createRng(seed);
  let hits = 0;
  for (let r = 0; r < reps; r++) if (line.replicate(rng)) hits++;
  const rate = hits / reps;
  const ref = line.target.nominal ?? rate;
  const mcError = Math.sqrt(Math.max(rate * (1 - rate), ref * (1 - ref)) / reps);
  const { min, max } = line.target;
  const met = (min === undefined || rate >= min - 2 * mcError) && (max === undefined || rate <= max + 2 * mcError);
  return {
    kind: line.kind,
    what: line.what,
    n: line.n,
    reps,
    seed,
    rate,
    mcError,
    target: targetText(line.target),
    met,
  };
}

export function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** The one printed table. */
export function formatTable(results: readonly LineResult[]): string {
  const head = '| kind | what | n | reps | seed | rate | MC error | target | met |';
  const rule = '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |';
  const rows = results.map(
    (r) =>
      `| ${r.kind} | ${r.what} | ${r.n} | ${r.reps} | ${r.seed} | ${pct(r.rate)} | ±${pct(r.mcError)} | ${r.target} | ${r.met ? 'yes' : '**no**'} |`,
  );
  return [head, rule, ...rows].join('\n');
}
