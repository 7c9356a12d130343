import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../stats/rng.js';
import { comparePassAtK, estimatePassAtK, parsePassAtKMetric, type ProblemCounts } from './pass-at-k.js';

const vectors = JSON.parse(readFileSync(new URL('../stats/__vectors__/public.json', import.meta.url), 'utf8')) as {
  pass_at_k_aggregate: { input: { problems: ProblemCounts[]; k: number }; expected: { mean: number | string } }[];
};

/** n samples of a problem whose chance of a right completion is p. */
function sample(p: number, n: number, next: () => number): ProblemCounts {
  let c = 0;
  for (let i = 0; i < n; i++) if (next() < p) c++;
  return { n, c };
}

describe('estimatePassAtK', () => {
  it('matches the reference means of stats/ (mean of per-problem unbiased estimates)', () => {
    for (const v of vectors.pass_at_k_aggregate) {
      if (typeof v.expected.mean !== 'number') continue;
      const e = estimatePassAtK(v.input.problems, v.input.k);
      expect(e.value).toBeCloseTo(v.expected.mean, 12);
      expect(e.lower! <= e.value! && e.value! <= e.upper!).toBe(true);
    }
  });

  it('is undefined, with the reason, when a problem has fewer than k samples', () => {
    expect(
      estimatePassAtK(
        [
          { n: 5, c: 1 },
          { n: 3, c: 0 },
        ],
        5,
      ),
    ).toEqual({
      metric: 'pass@5',
      k: 5,
      problems: 2,
      value: null,
      lower: null,
      upper: null,
      reason: '1 problem has fewer than k = 5 samples; raise repeats to at least 5',
    });
  });

  it('covers the true pass@10 about 95% of the time (problems drawn anew each time, bootstrap over problems)', () => {
    const rng = createRng(7);
    const next = () => rng.next();
    // Problem difficulty p ~ uniform(0, 0.6); true pass@10 = E[1 − (1 − p)^10] = 1 − (1 − 0.4^11)/(0.6·11).
    const truth = 1 - (1 - 0.4 ** 11) / (0.6 * 11);
    let covered = 0;
    const trials = 300;
    for (let t = 0; t < trials; t++) {
      const problems = Array.from({ length: 60 }, () => sample(next() * 0.6, 10, next));
      const e = estimatePassAtK(problems, 10, { seed: t + 1, samples: 1000 });
      if (e.lower! <= truth && truth <= e.upper!) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.91);
    expect(covered / trials).toBeLessThan(0.985);
  });
});

describe('comparePassAtK', () => {
  it('finds a regression problem by problem and reports the difference with its interval', () => {
    const pairs = Array.from({ length: 30 }, (_, i) => ({
      baseline: { n: 5, c: 4 },
      candidate: { n: 5, c: i < 15 ? 1 : 4 },
    }));
    const r = comparePassAtK(pairs, 1);
    expect(r.baseline).toBeCloseTo(0.8, 12);
    expect(r.candidate).toBeCloseTo(0.5, 12);
    expect(r.delta.value).toBeCloseTo(-0.3, 12);
    expect(r.delta.upper!).toBeLessThan(0);
    expect(r.pWorse!).toBeLessThan(0.001);
  });

  it('keeps the false-alarm rate at α when two runs are the same model (simulation)', () => {
    const rng = createRng(11);
    const next = () => rng.next();
    let alarms = 0;
    const trials = 300;
    for (let t = 0; t < trials; t++) {
      const pairs = Array.from({ length: 40 }, () => {
        const p = next();
        return { baseline: sample(p, 5, next), candidate: sample(p, 5, next) };
      });
      if (comparePassAtK(pairs, 1, { seed: t + 1, samples: 200 }).p! < 0.05) alarms++;
    }
    expect(alarms / trials).toBeLessThan(0.08);
  });

  it('reads metric names', () => {
    expect(parsePassAtKMetric('pass@10')).toBe(10);
    expect(parsePassAtKMetric('pass@0')).toBeUndefined();
    expect(parsePassAtKMetric('passRate')).toBeUndefined();
  });
});
