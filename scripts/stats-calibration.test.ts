import { describe, expect, it } from 'vitest';
import { formatTable } from './calibration/run-lines.js';
import { runCalibration } from './stats-calibration.js';

describe('stats calibration (quick: 300 replications per line, n ≤ 100)', () => {
  it('every interval covers, every gate holds α at its boundary, every verdict holds α under the null, plan delivers its power', () => {
    const results = runCalibration({ reps: 300, seed: 1, ns: [5, 10, 30, 100] });
    const missed = results.filter((r) => !r.met);
    if (missed.length > 0) console.log(formatTable(missed));
    expect(
      missed.map((r) => `${r.kind} · ${r.what} · n=${r.n}: ${(r.rate * 100).toFixed(1)}% (target ${r.target})`),
    ).toEqual([]);
    expect(results.length).toBe(112);
  }, 600_000);
});
