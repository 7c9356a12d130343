import { describe, expect, it } from 'vitest';
import { makeTrial } from '../../../test/fixtures/compare/make-trial.js';
import { wilsonInterval } from '../../stats/index.js';
import { measureGraderOn } from './measure.js';
import { foldTrials } from './read-fold.js';
import { meanInterval } from './rate-interval.js';

// The summary's mean score: 0/1 values are a rate and get the pass rate's estimator; other
// values get the t interval on case means.

describe('mean score', () => {
  it('of 0/1 values is the pass rate when a 1 passes and a 0 fails', () => {
    const trials = ['a', 'b'].map((id) => makeTrial(id, { g: true }));
    const m = measureGraderOn(foldTrials(trials), 'g');
    const { value, lower, upper } = m.passRate;
    expect(m.mean).toEqual({ value, lower, upper });
    expect(m.mean.lower).toBeCloseTo(0.342, 3);
  });

  it('of 0/1 values that do not decide the pass is Wilson on the values, not on the passes', () => {
    // A grader that scores 1 but says fail (its own pass rule) on 3 of 10 cases.
    const trials = Array.from({ length: 10 }, (_, i) => {
      const t = makeTrial(`c${i}`, { g: true });
      return i < 3 ? { ...t, scores: [{ grader: 'g', value: 1, pass: false }] } : t;
    });
    const m = measureGraderOn(foldTrials(trials), 'g');
    expect(m.passRate.value).toBeCloseTo(0.7, 12);
    const w = wilsonInterval(10, 10);
    expect(m.mean).toEqual({ value: w.value, lower: w.lower, upper: w.upper });
  });

  it('of continuous scores is the t interval on case means', () => {
    const scores = [0.2, 0.4, 0.9, 0.75, 0.5];
    const trials = scores.map((s, i) => makeTrial(`c${i}`, { g: s }));
    const m = measureGraderOn(foldTrials(trials), 'g');
    expect(m.mean).toEqual(
      meanInterval(
        scores,
        scores.map(() => 1),
      ),
    );
  });
});
