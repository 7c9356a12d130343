import { useState } from 'preact/hooks';
import type { api } from '../api.js';
import { int, pct, pp, pValue } from '../format.js';

/** A comparison's verdicts in words, for the grader and segment tables. */
export const VERDICT_TEXT: Record<string, string> = {
  improved: 'improved',
  regressed: 'regressed',
  'no-detectable-change': 'no detectable change',
  inconclusive: 'inconclusive',
  'not-comparable': 'not comparable (fewer than 2 paired cases)',
};

type SegmentRow = NonNullable<Awaited<ReturnType<typeof api.compare>>>['comparison']['segments'][number];

/**
 * The segment table: by default only the segments whose adjusted p-value is within α, with a
 * toggle for every segment.
 */
export function CompareSegments({ segments, alpha }: { segments: readonly SegmentRow[]; alpha: number }) {
  const [showAll, setShowAll] = useState(false);
  if (segments.length === 0) return <p class="muted">No segments to compare.</p>;
  const significant = segments.filter((s) => s.pAdjusted <= alpha);
  const rows = [...(showAll ? segments : significant)].sort((x, y) => x.pAdjusted - y.pAdjusted);
  return (
    <div class="segments">
      <div class="table-tools">
        <span class="muted small segment-summary">
          {showAll
            ? `All ${segments.length} segment × grader tests, most significant first.`
            : significant.length === 0
              ? `None of the ${segments.length} segment × grader tests is significant after correction (adjusted p ≤ ${alpha}).`
              : `Showing the ${significant.length} significant of ${segments.length} segment × grader tests (adjusted p ≤ ${alpha}).`}
        </span>
        {significant.length < segments.length && (
          <button type="button" class="secondary toggle" aria-expanded={showAll} onClick={() => setShowAll(!showAll)}>
            {showAll ? 'Show only significant segments' : `Show all ${segments.length} segments`}
          </button>
        )}
      </div>
      {rows.length > 0 && (
        <div class="table-wrap">
          <table class="compare-segments">
            <thead>
              <tr>
                <th>Field</th>
                <th>Value</th>
                <th>Grader</th>
                <th class="num">n</th>
                <th class="num">Baseline</th>
                <th class="num">Candidate</th>
                <th class="num">Δ</th>
                <th class="num">p</th>
                <th class="num">p adjusted</th>
                <th>Verdict</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr
                  key={`${s.field}\u0000${s.value}\u0000${s.grader}`}
                  class={s.pAdjusted <= alpha ? `significant ${s.verdict}` : ''}
                >
                  <td>{s.field}</td>
                  <td>{s.value}</td>
                  <td>{s.grader}</td>
                  <td class="num">{int(s.n)}</td>
                  <td class="num">{pct(s.baseline.value)}</td>
                  <td class="num">{pct(s.candidate.value)}</td>
                  <td class="num">{pp(s.delta.value)}</td>
                  <td class="num">{pValue(s.pValue)}</td>
                  <td class="num">
                    <b>{pValue(s.pAdjusted)}</b>
                  </td>
                  <td>
                    <span class={`verdict ${s.verdict}`}>{VERDICT_TEXT[s.verdict] ?? s.verdict}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
