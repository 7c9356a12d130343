import { describe, expect, it } from 'vitest';
import { formatTable } from './calibration/run-lines.js';
import { runCalibration } from './stats-calibration.js';

/**
 * Rate intervals with repeats or weights are being moved onto the one metrics pipeline
 * (issue 10: Wilson on the clustered effective sample size). Until it lands these lines are
 * printed but not enforced; once it has, empty this list and they are held to their targets.
 */
const PENDING_METRICS_PIPELINE = ['pass rate, 3 repeats', 'pass rate, weighted', 'minPassRateLower ≥ 0.7 at p = 0.7, 3 repeats'];

describe('stats calibration (quick: 300 replications per line)', () => {
  it('every interval covers, every gate holds α at its boundary, every verdict holds α under the null, plan delivers its power', () => {
    const results = runCalibration({ reps: 300, seed: 1, ns: [5, 10, 30, 100] });
    const pending = (what: string) => PENDING_METRICS_PIPELINE.some((p) => what.startsWith(p));
    const missed = results.filter((r) => !r.met && !pending(r.what));
    if (missed.length > 0) console.log(formatTable(missed));
    expect(missed.map((r) => `${r.kind} · ${r.what} · n=${r.n}: ${(r.rate * 100).toFixed(1)}% (target ${r.target})`)).toEqual([]);
    expect(results.length).toBeGreaterThan(60);
  }, 180_000);
});
