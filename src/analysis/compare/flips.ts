import { repeatsVarianceDecomposition } from '../../stats/index.js';
import type { CaseRow, CaseTable } from './case-table.js';
import type { FlakyDetail, FlipDetail, VarianceReport } from './types.js';

/** A case's pass/fail on one side when every graded repeat agrees; `mixed` when they differ. */
function outcome(row: CaseRow | undefined, grader: string): 'pass' | 'fail' | 'mixed' | undefined {
  const passes = row?.graders.get(grader)?.passes;
  if (!passes || passes.length === 0) return undefined;
  const k = passes.filter(Boolean).length;
  return k === passes.length ? 'pass' : k === 0 ? 'fail' : 'mixed';
}

/** Cases that passed in the baseline and fail in the candidate (and the reverse), per grader. */
export function findFlips(baseline: CaseTable, candidate: CaseTable, shared: readonly string[], graders: readonly string[]): FlipDetail[] {
  const flips: FlipDetail[] = [];
  for (const grader of graders) {
    for (const id of shared) {
      const a = outcome(baseline.cases.get(id), grader);
      const b = outcome(candidate.cases.get(id), grader);
      if ((a === 'pass' && b === 'fail') || (a === 'fail' && b === 'pass')) {
        const row = candidate.cases.get(id)!;
        flips.push({ caseId: id, grader, direction: a === 'pass' ? 'regressed' : 'improved', slice: row.slice, metadata: row.metadata });
      }
    }
  }
  return flips;
}

/** Cases whose outcome differs across repeats on either side, per grader. */
export function findFlaky(tables: { baseline: CaseTable; candidate: CaseTable }, graders: readonly string[]): FlakyDetail[] {
  const flaky: FlakyDetail[] = [];
  for (const side of ['baseline', 'candidate'] as const) {
    for (const grader of graders) {
      for (const row of tables[side].cases.values()) {
        const passes = row.graders.get(grader)?.passes;
        if (outcome(row, grader) === 'mixed' && passes) {
          flaky.push({ caseId: row.caseId, grader, side, passes: passes.filter(Boolean).length, repeats: passes.length });
        }
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
export function varianceReport(table: CaseTable, grader: string, side: 'baseline' | 'candidate', kind: 'binary' | 'continuous'): VarianceReport | undefined {
  if (table.maxRepeats < 2) return undefined;
  const items: number[][] = [];
  for (const row of table.cases.values()) {
    const s = row.graders.get(grader);
    if (!s || s.values.length === 0) continue;
    items.push(kind === 'binary' ? s.passes.map((p) => (p ? 1 : 0)) : [...s.values]);
  }
  if (items.length < 2) return undefined;
  const r = repeatsVarianceDecomposition(items);
  const repeats = r.k;
  const within = r.meanWithinVar;
  const varOfMeans = r.varItemMeans;
  const noiseShare = varOfMeans > 0 && Number.isFinite(within) ? Math.min(1, within / repeats / varOfMeans) : Number.NaN;
  const share = Number.isFinite(noiseShare) ? `${(noiseShare * 100).toFixed(0)}%` : 'an unknown share';
  let recommendation: string;
  if (!Number.isFinite(noiseShare)) recommendation = 'Not enough spread between cases to decompose the variance.';
  else if (noiseShare >= REPEATS_HELP_SHARE) {
    recommendation = `Repeat noise is ${share} of the variance of case means: more repeats would narrow the interval.`;
  } else {
    recommendation = `Repeat noise is only ${share} of the variance of case means: more repeats would not narrow the interval much; add cases instead.`;
  }
  return { grader, side, repeats, withinVariance: within, betweenVariance: r.betweenVarEst, noiseShare, recommendation };
}
