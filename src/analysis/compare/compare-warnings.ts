import { simpsonsParadoxCheck } from '../../stats/index.js';
import type { ComparedColumns } from './compare-runs.js';
import type { GraderPair } from './score-columns.js';
import { compositionWarning, segmentCounts, segmentTotals, type SegmentField } from './segments.js';
import type { ComparisonWarning, GraderComparison, SegmentComparison } from './types.js';

// The warnings a comparison carries beside its verdicts: what was not compared (coverage), a
// composition that makes pooled and per-segment changes disagree (Simpson's paradox), and
// segments that moved against the headline.

/** Cases, graders and dataset versions the two runs do not share, and errored trials. */
export function coverageWarnings(
  baseline: ComparedColumns,
  candidate: ComparedColumns,
  onlyB: readonly string[],
  onlyC: readonly string[],
  gradersB: readonly string[],
  gradersC: readonly string[],
): ComparisonWarning[] {
  const w: ComparisonWarning[] = [];
  if (baseline.run.datasetVersion !== candidate.run.datasetVersion) {
    w.push({
      code: 'dataset-changed',
      message: `The runs used different dataset versions (${baseline.run.datasetVersion} vs ${candidate.run.datasetVersion}); only shared cases are compared.`,
    });
  }
  if (onlyB.length > 0)
    w.push({
      code: 'only-in-baseline',
      message: `${onlyB.length} case(s) are only in the baseline and were not compared: ${preview(onlyB)}.`,
    });
  if (onlyC.length > 0)
    w.push({
      code: 'only-in-candidate',
      message: `${onlyC.length} case(s) are only in the candidate and were not compared: ${preview(onlyC)}.`,
    });
  if (baseline.columns.targetErrors + candidate.columns.targetErrors > 0) {
    w.push({
      code: 'errored-trials',
      message: `Errored trials: ${baseline.columns.targetErrors} in the baseline, ${candidate.columns.targetErrors} in the candidate; they count as neither pass nor fail.`,
    });
  }
  const missing = [...gradersB.filter((g) => !gradersC.includes(g)), ...gradersC.filter((g) => !gradersB.includes(g))];
  if (missing.length > 0)
    w.push({
      code: 'grader-not-shared',
      message: `Grader(s) scored on one side only, not compared: ${missing.join(', ')}.`,
    });
  return w;
}

export function compositionWarnings(
  fields: readonly SegmentField[],
  pairs: readonly GraderPair[],
): ComparisonWarning[] {
  const w: ComparisonWarning[] = [];
  for (const { field, names, baseline, candidate } of fields) {
    const mismatch = compositionWarning(field, segmentCounts(names, baseline), segmentCounts(names, candidate));
    if (mismatch) w.push(mismatch);
    for (const g of pairs) {
      const tb = segmentTotals(g.baseline, names, baseline);
      const tc = segmentTotals(g.candidate, names, candidate);
      const values = [...tb.keys()].filter((v) => tc.has(v));
      if (values.length < 2) continue;
      const check = simpsonsParadoxCheck(
        values.map((v) => ({
          segment: v,
          nA: tb.get(v)!.n,
          correctA: tb.get(v)!.correct,
          nB: tc.get(v)!.n,
          correctB: tc.get(v)!.correct,
        })),
      );
      if (check.paradox) {
        const segDir = check.segmentDeltas.find((d) => Number.isFinite(d) && d !== 0)! > 0 ? 'up' : 'down';
        w.push({
          code: 'simpsons-paradox',
          message: `Simpson's paradox on ${g.name}: every '${field}' segment's pass rate moves ${segDir}, but the pooled rate moves ${check.aggregateDelta > 0 ? 'up' : 'down'} (${pts(check.aggregateDelta)}), because the runs' '${field}' compositions differ. On common weights the change is ${pts(check.standardizedDelta)}.`,
        });
      }
    }
  }
  return w;
}

/**
 * The aggregate moved one way while some segments moved significantly the other way (after
 * the family-wide correction): the headline verdict hides who got worse (or better).
 */
export function directionWarnings(
  graders: readonly GraderComparison[],
  segments: readonly SegmentComparison[],
): ComparisonWarning[] {
  const w: ComparisonWarning[] = [];
  for (const g of graders) {
    if (g.verdict !== 'improved' && g.verdict !== 'regressed') continue;
    const opposite = g.verdict === 'improved' ? 'regressed' : 'improved';
    const against = segments.filter((s) => s.grader === g.name && s.verdict === opposite);
    if (against.length === 0) continue;
    const list = against.map((s) => `${s.field}=${s.value} (${pts(s.delta.value)}, n=${s.n})`).join(', ');
    w.push({
      code: 'segments-disagree',
      message: `${g.name} ${g.verdict} overall (${pts(g.delta.value)}) but ${opposite} significantly on ${against.length} segment${against.length > 1 ? 's' : ''} after correction: ${list}.`,
    });
  }
  return w;
}

function pts(x: number): string {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} pts`;
}

function preview(ids: readonly string[]): string {
  return ids.length > 5 ? `${ids.slice(0, 5).join(', ')}, …` : ids.join(', ');
}
