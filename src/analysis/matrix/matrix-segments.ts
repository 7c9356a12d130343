import { adjust } from '../compare/segments.js';
import type { Comparison, Correction, SegmentComparison, Verdict } from '../compare/types.js';
import type { MatrixInput } from './compare-matrix.js';
import type { MatrixSegment } from './types.js';

interface Tested {
  readonly pair: number;
  readonly segment: SegmentComparison;
}

/**
 * Per segment and grader: each run's value, the leader, and the winner after one correction
 * over every segment test of every pair and grader (the whole family, so a matrix with many
 * cells cannot find winners by testing more).
 */
export function matrixSegments(
  comparisons: readonly Comparison[],
  pairList: readonly [number, number][],
  inputs: readonly MatrixInput[],
  labels: readonly string[],
  correction: Correction,
  alpha: number,
  mode: 'baseline' | 'all',
  base: number,
): MatrixSegment[] {
  const tested: Tested[] = comparisons.flatMap((c, pair) => c.segments.map((segment) => ({ pair, segment })));
  const adjusted = adjust(
    tested.map((t) => (Number.isFinite(t.segment.pValue) ? t.segment.pValue : 1)),
    correction,
  );
  const groups = new Map<string, { t: Tested; pAdjusted: number }[]>();
  tested.forEach((t, k) => {
    const key = JSON.stringify([t.segment.grader, t.segment.field, t.segment.value]);
    const list = groups.get(key) ?? [];
    list.push({ t, pAdjusted: adjusted[k] });
    groups.set(key, list);
  });
  const out: MatrixSegment[] = [];
  for (const list of groups.values()) {
    const { grader, field, value } = list[0].t.segment;
    const values = new Map<number, number>();
    const pairs = list.map(({ t, pAdjusted }) => {
      const [b, c] = pairList[t.pair];
      values.set(b, t.segment.baseline.value);
      values.set(c, t.segment.candidate.value);
      // compareColumns ran with no correction, so its verdict says whether the pair's own test rejected.
      const own = t.segment.verdict === 'improved' || t.segment.verdict === 'regressed';
      const verdict: Verdict =
        own && pAdjusted <= alpha ? t.segment.verdict : t.segment.n < 2 ? 'not-comparable' : 'no-detectable-change';
      return {
        b,
        c,
        row: {
          baseline: inputs[b].run.runId,
          candidate: inputs[c].run.runId,
          delta: t.segment.delta.value,
          pValue: t.segment.pValue,
          pAdjusted,
          verdict,
        },
      };
    });
    const runs = [...values.entries()].sort((x, y) => x[0] - y[0]);
    const leader = runs.reduce((best, r) => (r[1] > best[1] ? r : best), runs[0]);
    out.push({
      field,
      value,
      grader,
      n: Math.min(...list.map((x) => x.t.segment.n)),
      values: runs.map(([k, v]) => ({ runId: inputs[k].run.runId, label: labels[k], value: v })),
      leader: inputs[leader[0]].run.runId,
      winner: winnerOf(
        pairs,
        runs.map(([k]) => k),
        mode,
        base,
        inputs,
      ),
      pairs: pairs.map((p) => p.row),
    });
  }
  return out;
}

function winnerOf(
  pairs: readonly { b: number; c: number; row: { verdict: string } }[],
  runs: readonly number[],
  mode: 'baseline' | 'all',
  base: number,
  inputs: readonly MatrixInput[],
): string | null {
  const beats = (x: number, y: number): boolean =>
    pairs.some(
      (p) =>
        (p.b === y && p.c === x && p.row.verdict === 'improved') ||
        (p.b === x && p.c === y && p.row.verdict === 'regressed'),
    );
  if (mode === 'all') {
    const w = runs.find((x) => runs.every((y) => y === x || beats(x, y)));
    return w === undefined ? null : inputs[w].run.runId;
  }
  const better = runs.filter((x) => x !== base && beats(x, base));
  if (better.length === 1) return inputs[better[0]].run.runId;
  const candidates = runs.filter((x) => x !== base);
  if (better.length === 0 && candidates.length > 0 && candidates.every((x) => beats(base, x)))
    return inputs[base].run.runId;
  return null;
}
