import { useState } from 'preact/hooks';
import type { RunSummary } from '../api.js';
import { MiniBar } from './interval-chart.js';
import { int, interval, isNum, num, pct } from '../format.js';

type Segment = RunSummary['segments'][number];
type Grader = RunSummary['graders'][number];
type Key = 'field' | 'value' | 'grader' | 'n' | 'passRate' | 'mean' | 'errors';

/** Segments smaller than this get a "small" mark: their intervals are wide. */
export const SMALL_SEGMENT = 30;
/** How many of the lowest pass rates the table shows before "show all". */
export const LOWEST_SHOWN = 10;
const ALL = '*';

function keyOf(s: Segment, k: Key): string | number {
  if (k === 'passRate') return s.passRate.value;
  if (k === 'mean') return s.mean.value;
  return s[k];
}

function compare(a: Segment, b: Segment, key: Key): number {
  const x = keyOf(a, key);
  const y = keyOf(b, key);
  if (typeof x === 'number' && typeof y === 'number') {
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
    return x - y;
  }
  return String(x).localeCompare(String(y));
}

/** A segment whose whole 95% interval lies below the grader's run-wide pass rate. */
function below(s: Segment, overall: number | undefined): boolean {
  return isNum(overall) && isNum(s.passRate.upper) && s.passRate.upper < overall;
}

/**
 * The segments worth a first look: the `LOWEST_SHOWN` lowest pass rates, plus any segment
 * whose interval lies wholly below the run's rate (so a real problem is never cut off).
 */
export function focusSegments(rows: readonly Segment[], overall: (grader: string) => number | undefined): Segment[] {
  const lowest = new Set(
    [...rows]
      .filter((s) => isNum(s.passRate.value))
      .sort((a, b) => compare(a, b, 'passRate') || b.n - a.n)
      .slice(0, LOWEST_SHOWN),
  );
  return rows.filter((s) => lowest.has(s) || below(s, overall(s.grader)));
}

/**
 * The run's segments (slices and metadata fields) for one grader at a time, sortable by any
 * column. By default it shows only the lowest pass rates and those clearly below the run;
 * "show all" lists the rest.
 */
export function SegmentTable(props: {
  segments: readonly Segment[];
  graders: readonly Grader[];
  onPick?: (s: Segment) => void;
}) {
  const graderNames = props.graders.map((g) => g.name).filter((g) => props.segments.some((s) => s.grader === g));
  const [grader, setGrader] = useState<string>(graderNames[0] ?? ALL);
  const [showAll, setShowAll] = useState(false);
  const [sort, setSort] = useState<{ key: Key; desc: boolean }>({ key: 'passRate', desc: false });
  const overall = (name: string): number | undefined => props.graders.find((g) => g.name === name)?.passRate.value;
  const ofGrader = grader === ALL ? props.segments : props.segments.filter((s) => s.grader === grader);
  const focus = focusSegments(ofGrader, overall);
  const folded = !showAll && focus.length < ofGrader.length;
  const shown = folded ? focus : ofGrader;
  const belowCount = ofGrader.filter((s) => below(s, overall(s.grader))).length;
  const rows = [...shown].sort((a, b) => (sort.desc ? -1 : 1) * compare(a, b, sort.key));
  const th = (k: Key, label: string, cls = '') => (
    <th class={`sortable ${cls}`} aria-sort={sort.key === k ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" onClick={() => setSort({ key: k, desc: sort.key === k ? !sort.desc : false })}>
        {label}
        {sort.key === k ? (sort.desc ? ' ↓' : ' ↑') : ''}
      </button>
    </th>
  );
  const rate = grader === ALL ? undefined : overall(grader);
  return (
    <div class="segments">
      <div class="table-tools">
        <label>
          Grader{' '}
          <select
            name="segment-grader"
            value={grader}
            onChange={(e) => {
              setGrader(e.currentTarget.value);
              setShowAll(false);
            }}
          >
            {graderNames.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
            <option value={ALL}>All graders</option>
          </select>
        </label>
        <span class="muted small segment-summary">
          {folded
            ? `Showing ${rows.length} of ${ofGrader.length} segments: the ${Math.min(LOWEST_SHOWN, ofGrader.length)} lowest pass rates${belowCount ? `, and every segment whose interval lies below the run's ${grader === ALL ? 'rate' : pct(rate)}` : ''}.`
            : `${ofGrader.length} segments${rate !== undefined ? `; the run's pass rate for ${grader} is ${pct(rate)}` : ''}.`}
        </span>
        {focus.length < ofGrader.length && (
          <button
            type="button"
            class="secondary segment-toggle"
            aria-expanded={!folded}
            onClick={() => setShowAll(!showAll)}
          >
            {folded ? `Show all ${ofGrader.length} segments` : `Show only the lowest ${LOWEST_SHOWN}`}
          </button>
        )}
      </div>
      <div class="table-wrap">
        <table class="segment-table">
          <thead>
            <tr>
              {th('field', 'Field')}
              {th('value', 'Value')}
              {grader === ALL && th('grader', 'Grader')}
              {th('n', 'n', 'num')}
              {th('passRate', 'Pass rate (95% CI)')}
              {th('mean', 'Mean', 'num')}
              {th('errors', 'Errors', 'num')}
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr
                key={`${s.field}\u0000${s.value}\u0000${s.grader}`}
                class={`${s.n < SMALL_SEGMENT ? 'small-segment' : ''} ${below(s, overall(s.grader)) ? 'below-run' : ''}`}
              >
                <td>{s.field}</td>
                <td>
                  {props.onPick ? (
                    <button type="button" class="linklike" onClick={() => props.onPick?.(s)} title="Show these cases">
                      {s.value}
                    </button>
                  ) : (
                    s.value
                  )}
                </td>
                {grader === ALL && <td>{s.grader}</td>}
                <td class="num">
                  {int(s.n)}
                  {s.n < SMALL_SEGMENT && (
                    <span class="tag warn" title={`Fewer than ${SMALL_SEGMENT} cases: the interval is wide`}>
                      small
                    </span>
                  )}
                </td>
                <td>
                  <MiniBar {...s.passRate} /> {pct(s.passRate.value)}{' '}
                  <span class="muted small">{interval(s.passRate)}</span>
                  {below(s, overall(s.grader)) && (
                    <span
                      class="tag bad-tag"
                      title="The whole 95% interval lies below the run's pass rate for this grader"
                    >
                      below run
                    </span>
                  )}
                </td>
                <td class="num">{num(s.mean.value)}</td>
                <td class={`num ${s.errors ? 'bad' : ''}`}>{int(s.errors)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
