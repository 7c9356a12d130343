import { repeatsVarianceDecomposition } from '../../stats/index.js';
import { graded, type GraderPair, type GraderScores, type ScoreColumns, type SharedCases } from './score-columns.js';
import type { FlakyDetail, FlipDetail, VarianceReport } from './types.js';

const NONE = 0;
const PASS = 1;
const FAIL = 2;
const MIXED = 3;

/** A case's pass/fail on one side when every graded repeat agrees; mixed when they differ. */
function outcome(g: GraderScores, i: number): number {
  const n = graded(g, i);
  if (n === 0) return NONE;
  const k = g.passCount[i];
  return k === n ? PASS : k === 0 ? FAIL : MIXED;
}

/** Cases that passed in the baseline and fail in the candidate (and the reverse), per grader. */
export function findFlips(candidate: ScoreColumns, shared: SharedCases, graders: readonly GraderPair[]): FlipDetail[] {
  const flips: FlipDetail[] = [];
  for (const { name, baseline: gb, candidate: gc } of graders) {
    for (let k = 0; k < shared.ids.length; k++) {
      const a = outcome(gb, shared.baseline[k]);
      if (a !== PASS && a !== FAIL) continue;
      const b = outcome(gc, shared.candidate[k]);
      if ((a === PASS && b === FAIL) || (a === FAIL && b === PASS)) {
        const i = shared.candidate[k];
        flips.push({
          caseId: shared.ids[k],
          grader: name,
          direction: a === PASS ? 'regressed' : 'improved',
          slice: candidate.slices[i],
          metadata: candidate.metadata[i],
        });
      }
    }
  }
  return flips;
}

/** Cases whose outcome differs across repeats on either side, per grader. */
export function findFlaky(
  runs: { baseline: ScoreColumns; candidate: ScoreColumns },
  graders: readonly GraderPair[],
): FlakyDetail[] {
  const flaky: FlakyDetail[] = [];
  for (const side of ['baseline', 'candidate'] as const) {
    for (const pair of graders) {
      const g = pair[side];
      for (let i = 0; i < runs[side].caseIds.length; i++) {
        if (outcome(g, i) === MIXED)
          flaky.push({
            caseId: runs[side].caseIds[i],
            grader: pair.name,
            side,
            passes: g.passCount[i],
            repeats: graded(g, i),
          });
      }
    }
  }
  return flaky;
}

/** A noise share at or above this means extra repeats would visibly narrow the interval. */
const REPEATS_HELP_SHARE = 0.25;

/**
 * The within/between variance decomposition of a side with repeats, and what it means for
 * the next run: more repeats help only while repeat noise is a material share of var(x̄).
 */
export function varianceReport(
  columns: ScoreColumns,
  g: GraderScores,
  side: 'baseline' | 'candidate',
  kind: 'binary' | 'continuous',
): VarianceReport | undefined {
  if (columns.maxRepeats < 2) return undefined;
  const grader = g.name;
  const items: ArrayLike<number>[] = [];
  const source = kind === 'binary' ? g.passes : g.values;
  for (let i = 0; i < columns.caseIds.length; i++) {
    if (graded(g, i) > 0) items.push(source.slice(g.start[i], g.start[i + 1]));
  }
  if (items.length < 2) return undefined;
  const r = repeatsVarianceDecomposition(items);
  const repeats = r.k;
  const within = r.meanWithinVar;
  const varOfMeans = r.varItemMeans;
  const noiseShare =
    varOfMeans > 0 && Number.isFinite(within) ? Math.min(1, within / repeats / varOfMeans) : Number.NaN;
  const share = Number.isFinite(noiseShare) ? `${(noiseShare * 100).toFixed(0)}%` : 'an unknown share';
  let recommendation: string;
  if (!Number.isFinite(noiseShare)) recommendation = 'Not enough spread between cases to decompose the variance.';
  else if (noiseShare >= REPEATS_HELP_SHARE) {
    recommendation = `Repeat noise is ${share} of the variance of case means: more repeats would narrow the interval.`;
  } else {
    recommendation = `Repeat noise is only ${share} of the variance of case means: more repeats would not narrow the interval much; add cases instead.`;
  }
  return {
    grader,
    side,
    repeats,
    withinVariance: within,
    betweenVariance: r.betweenVarEst,
    noiseShare,
    recommendation,
  };
}
