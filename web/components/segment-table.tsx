import { useState } from 'preact/hooks';
import type { RunSummary } from '../api.js';
import { MiniBar } from './interval-chart.js';
import { int, interval, num, pct } from '../format.js';

type Segment = RunSummary['segments'][number];
type Key = 'field' | 'value' | 'grader' | 'n' | 'passRate' | 'mean' | 'errors';

/** Segments smaller than this get a "small" mark: their intervals are wide. */
export const SMALL_SEGMENT = 30;

function keyOf(s: Segment, k: Key): string | number {
  if (k === 'passRate') return s.passRate.value;
  if (k === 'mean') return s.mean.value;
  return s[k];
}

/** The run's segments (slices and metadata fields) per grader, sortable by any column. */
export function SegmentTable(props: { segments: readonly Segment[]; onPick?: (s: Segment) => void }) {
  const [sort, setSort] = useState<{ key: Key; desc: boolean }>({ key: 'passRate', desc: false });
  const rows = [...props.segments].sort((a, b) => {
    const x = keyOf(a, sort.key);
    const y = keyOf(b, sort.key);
    const o = typeof x === 'number' && typeof y === 'number' ? (Number.isNaN(x) ? 1 : Number.isNaN(y) ? -1 : x - y) : String(x).localeCompare(String(y));
    return sort.desc ? -o : o;
  });
  const th = (k: Key, label: string, cls = '') => (
    <th class={`sortable ${cls}`} aria-sort={sort.key === k ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" onClick={() => setSort({ key: k, desc: sort.key === k ? !sort.desc : false })}>{label}{sort.key === k ? (sort.desc ? ' ↓' : ' ↑') : ''}</button>
    </th>
  );
  return (
    <div class="table-wrap">
      <table class="segment-table">
        <thead><tr>{th('field', 'Field')}{th('value', 'Value')}{th('grader', 'Grader')}{th('n', 'n', 'num')}{th('passRate', 'Pass rate (95% CI)')}{th('mean', 'Mean', 'num')}{th('errors', 'Errors', 'num')}</tr></thead>
        <tbody>
          {rows.map((s) => (
            <tr key={`${s.field}\u0000${s.value}\u0000${s.grader}`} class={s.n < SMALL_SEGMENT ? 'small-segment' : ''}>
              <td>{s.field}</td>
              <td>{props.onPick ? <button type="button" class="linklike" onClick={() => props.onPick?.(s)} title="Show these cases">{s.value}</button> : s.value}</td>
              <td>{s.grader}</td>
              <td class="num">{int(s.n)}{s.n < SMALL_SEGMENT && <span class="tag warn" title={`Fewer than ${SMALL_SEGMENT} cases: the interval is wide`}>small</span>}</td>
              <td><MiniBar {...s.passRate} /> {pct(s.passRate.value)} <span class="muted small">{interval(s.passRate)}</span></td>
              <td class="num">{num(s.mean.value)}</td>
              <td class={`num ${s.errors ? 'bad' : ''}`}>{int(s.errors)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
