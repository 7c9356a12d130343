import { describe, expect, it } from 'vitest';
import { isAssayError } from '../../core/errors.js';
import type { Case, Score } from '../../core/types.js';
import { decideReview, memoryAuditClaim, type ReviewPolicy } from '../../graders/human/review-policy.js';
import { createRng, type Rng } from '../../stats/index.js';
import type { LabelledTrial } from './calibration-types.js';
import { computeCalibration } from './compute-calibration.js';

// A population whose true pass rate is 0.55, graded by a judge 0.90 sensitive and 0.75 specific
// and by a second grader (a rule, 0.80 / 0.80). People label the trials a review policy picks;
// their label is the truth. Selection runs through the human grader's own policy code, the
// estimate through the function `assay calibrate` calls.
const TRUTH = 0.55;
const N = 300;
const JUDGE = { sensitivity: 0.9, specificity: 0.75 };
const RULE = { sensitivity: 0.8, specificity: 0.8 };

interface Replicate {
  readonly trials: LabelledTrial[];
  readonly judged: { n: number; passes: number };
}

function verdict(rng: Rng, truth: boolean, accuracy: { sensitivity: number; specificity: number }): boolean {
  return truth ? rng.next() < accuracy.sensitivity : rng.next() >= accuracy.specificity;
}

function replicate(
  seed: number,
  policy: ReviewPolicy,
  judgeAccuracy = JUDGE,
  n = N,
  runId = `run-${seed}`,
  prevalence = TRUTH,
): Replicate {
  const rng = createRng(seed);
  const trials: LabelledTrial[] = [];
  let passes = 0;
  const audit = memoryAuditClaim();
  for (let i = 0; i < n; i++) {
    const truth = rng.next() < prevalence;
    const judge = verdict(rng, truth, judgeAccuracy);
    const rule = verdict(rng, truth, RULE);
    if (judge) passes++;
    const testCase: Case = { id: `${runId}-case-${i}`, input: 'q', slice: 'typical', metadata: {}, weight: 1 };
    const previous: Score[] = [
      { grader: 'rule', value: rule ? 1 : 0, pass: rule },
      { grader: 'judge', value: judge ? 1 : 0, pass: judge },
    ];
    if (!decideReview(policy, testCase, runId, previous, audit).selected) continue;
    const label = truth ? 'pass' : 'fail';
    trials.push({
      runId,
      caseId: testCase.id,
      repeat: 0,
      judge: { pass: judge, category: judge ? 'pass' : 'fail' },
      humans: [{ reviewer: 'ann', pass: truth, category: label }],
      selection: { policy: policy.kind, ...(policy.kind === 'random' && { probability: policy.share }) },
    });
  }
  return { trials, judged: { n, passes } };
}

function coverage(policy: (seed: number) => ReviewPolicy, reps: number): { coverage: number; mean: number } {
  let covered = 0;
  let sum = 0;
  for (let r = 1; r <= reps; r++) {
    const { trials, judged } = replicate(r, policy(r));
    const report = computeCalibration({ grader: 'judge', trials, judged, minLabels: 1 });
    const c = report.correctedPassRate;
    if (c.lower <= TRUTH && TRUTH <= c.upper) covered++;
    sum += c.value;
  }
  return { coverage: covered / reps, mean: sum / reps };
}

describe('calibration simulation (seeded)', () => {
  it('random review samples: the corrected pass rate interval covers the true rate at its nominal 95%', () => {
    const reps = 1000;
    const result = coverage((r) => ({ kind: 'random', share: 0.35, seed: `s${r}` }), reps);
    // Monte Carlo SE of a 95% coverage over 1000 replicates is 0.0069: 0.95 ± 3.5 SE. (Seeded: 0.963.)
    expect(result.coverage).toBeGreaterThan(0.926);
    expect(result.coverage).toBeLessThan(0.974);
    expect(result.mean).toBeCloseTo(TRUTH, 1);
  });

  it('an audit sample is unbiased too', () => {
    const result = coverage((r) => ({ kind: 'audit', size: 100, share: 0.4, seed: `a${r}` }), 400);
    expect(result.coverage).toBeGreaterThan(0.91);
    expect(result.coverage).toBeLessThan(0.99);
  });

  it('disagree samples: read as if random they would mislead, so calibration refuses them', () => {
    const disagree = (): ReviewPolicy => ({ kind: 'disagree', graders: ['rule', 'judge'] });
    // What `assay calibrate` used to do: treat the labels as a fair sample of the judge's work.
    // The judge's mistakes are over-represented, so it looks far worse than it is (Se 0.90, Sp 0.75).
    let sensitivity = 0;
    let specificity = 0;
    const reps = 200;
    for (let r = 1; r <= reps; r++) {
      const { trials, judged } = replicate(r, disagree());
      const naive = computeCalibration({
        grader: 'judge',
        trials: trials.map((t) => ({ ...t, selection: { policy: 'random' } })),
        judged,
      });
      sensitivity += naive.sensitivity / reps;
      specificity += naive.specificity / reps;
    }
    expect(sensitivity).toBeLessThan(0.75);
    expect(specificity).toBeLessThan(0.5);
    const { trials, judged } = replicate(7, disagree());
    expect(trials.length).toBeGreaterThan(30);
    let error: unknown;
    try {
      computeCalibration({ grader: 'judge', trials, judged });
    } catch (e) {
      error = e;
    }
    expect(isAssayError(error, 'CALIBRATION_BIASED_SAMPLE')).toBe(true);
  });

  it('a disagree sample beside a random one is left out, and the random one alone covers the truth', () => {
    const reps = 400;
    let covered = 0;
    for (let r = 1; r <= reps; r++) {
      const random = replicate(r, { kind: 'random', share: 0.35, seed: `m${r}` });
      const extra = replicate(r, { kind: 'disagree', graders: ['rule', 'judge'] }).trials.filter(
        (t) => !random.trials.some((u) => u.caseId === t.caseId),
      );
      const report = computeCalibration({
        grader: 'judge',
        trials: [...random.trials, ...extra],
        judged: random.judged,
        minLabels: 1,
      });
      expect(report.selection.leftOut.disagree).toBe(extra.length);
      const c = report.correctedPassRate;
      if (c.lower <= TRUTH && TRUTH <= c.upper) covered++;
    }
    expect(covered / reps).toBeGreaterThan(0.915);
    expect(covered / reps).toBeLessThan(0.985);
  });

  it('random samples of two runs at different rates: weighting by 1/probability corrects what pooling biases', () => {
    // Run A: 80% truly pass, a good judge, 8% labelled. Run B: 30% pass, a poor judge, 60% labelled. Together: 55%.
    const reps = 300;
    let weighted = 0;
    let pooled = 0;
    for (let r = 1; r <= reps; r++) {
      const a = replicate(
        r,
        { kind: 'random', share: 0.08, seed: `a${r}` },
        { sensitivity: 0.95, specificity: 0.9 },
        600,
        `A${r}`,
        0.8,
      );
      const b = replicate(
        r + 10_000,
        { kind: 'random', share: 0.6, seed: `b${r}` },
        { sensitivity: 0.75, specificity: 0.65 },
        600,
        `B${r}`,
        0.3,
      );
      const judged = { n: a.judged.n + b.judged.n, passes: a.judged.passes + b.judged.passes };
      const trials = [...a.trials, ...b.trials];
      const report = computeCalibration({ grader: 'judge', trials, judged, minLabels: 1 });
      expect(report.selection.weighted).toBe(true);
      const naive = computeCalibration({
        grader: 'judge',
        trials: trials.map((t) => ({ ...t, selection: { policy: 'random' } })),
        judged,
        minLabels: 1,
      });
      const covers = (c: { lower: number; upper: number }) => (c.lower <= TRUTH && TRUTH <= c.upper ? 1 : 0);
      weighted += covers(report.correctedPassRate);
      pooled += covers(naive.correctedPassRate);
    }
    expect(weighted / reps).toBeGreaterThan(0.9);
    expect(pooled / reps).toBeLessThan(weighted / reps - 0.1);
  });
});
