import { describe, expect, it } from 'vitest';
import type { StoredReview, StoredTrial } from '../../store/types.js';
import { caseOutcomesOf } from './case-outcomes.js';
import { measureGraderOn } from './measure.js';
import { measureRunOn } from './run-measure.js';
import { foldTrials } from './read-fold.js';

function trial(
  caseId: string,
  repeat: number,
  scores: StoredTrial['scores'],
  extra: Partial<StoredTrial> = {},
): StoredTrial {
  return {
    runId: 'r',
    caseId,
    repeat,
    startedAt: '2026-01-01T00:00:00Z',
    latencyMs: 10,
    error: null,
    output: { text: 'x' },
    slice: 'typical',
    metadata: {},
    weight: 1,
    scores,
    ...extra,
  };
}

const review = (caseId: string, label: string | null, score: number | null, grader = 'expert'): StoredReview => ({
  runId: 'r',
  caseId,
  repeat: 0,
  grader,
  status: 'done',
  reviewer: 'ana',
  label,
  score,
  comment: null,
  createdAt: '',
  updatedAt: '',
});

describe('the one case fold', () => {
  it('adds what the judges spent, keeps unknown prices unknown and counts them', () => {
    const judge = (costUsd?: number) => ({
      grader: 'faithful',
      value: 1,
      pass: true,
      meta: { judge: costUsd === undefined ? {} : { costUsd } },
    });
    const fold = foldTrials([
      trial('a', 0, [judge(0.002)], { output: { text: 'x', costUsd: 0.01 } }),
      trial('b', 0, [judge(0.003)]),
      trial('c', 0, [judge()], { output: { text: 'x', costUsd: 0.02 } }),
    ]);
    const cost = measureRunOn(fold).cost;
    expect(cost.usd).toBeCloseTo(0.035, 12);
    expect(cost).toMatchObject({ unknownTrials: 1, unknownJudgeCalls: 1, complete: false });
  });

  it('counts grader errors and target errors apart, and both as errors of the grader', () => {
    const fold = foldTrials([
      trial('a', 0, [{ grader: 'judge', value: Number.NaN, error: 'refused' }]),
      trial('b', 0, [], { error: 'timeout' }),
      trial('c', 0, [{ grader: 'judge', value: 1, pass: true }]),
    ]);
    const m = measureGraderOn(fold, 'judge');
    expect(m).toMatchObject({ errors: 2, graderErrors: 1, targetErrors: 1, graded: 1, trials: 3 });
    expect(m.errorRate).toBeCloseTo(2 / 3, 12);
  });

  it('applies one pass rule: a score without `pass` and a review both pass at the grader threshold', () => {
    const rules = { threshold: (g: string) => (g === 'expert' ? 0.75 : 1) };
    const fold = foldTrials(
      [
        trial('a', 0, [
          { grader: 'expert', value: Number.NaN, pending: true },
          { grader: 'sim', value: 0.9 },
        ]),
        trial('b', 0, [
          { grader: 'expert', value: Number.NaN, pending: true },
          { grader: 'sim', value: 1 },
        ]),
        trial('c', 0, [{ grader: 'expert', value: Number.NaN, pending: true }]),
      ],
      { rules, reviews: [review('a', '4', 0.75), review('b', null, 0.5)] },
    );
    const expert = measureGraderOn(fold, 'expert');
    expect(expert).toMatchObject({ graded: 2, pending: 1 });
    expect(expert.passRate.value).toBe(0.5);
    expect(measureGraderOn(fold, 'sim').passRate.value).toBe(0.5);
  });
});

describe('caseOutcomesOf', () => {
  it('gives each case its per-grader pass share, errors and pending repeats', () => {
    const fold = foldTrials([
      trial('a', 0, [{ grader: 'g', value: 1, pass: true }]),
      trial('a', 1, [{ grader: 'g', value: 0, pass: false }]),
      trial('b', 0, [{ grader: 'g', value: Number.NaN, pending: true }]),
      trial('b', 1, [], { error: 'boom' }),
    ]);
    const o = caseOutcomesOf(fold);
    expect(o.get('a')?.graders.get('g')).toBe(0.5);
    expect(o.get('b')).toMatchObject({ targetErrors: 1 });
    expect(o.get('b')?.errors.get('g')).toBe(1);
    expect(o.get('b')?.pending.get('g')).toBe(1);
  });
});
