import { api, type RunSummary } from '../api.js';
import { href, navigate, useAsync } from '../hooks.js';
import { ms } from '../format.js';
import { Link } from './link.js';
import { Pager } from './pager.js';
import { ScoreChips } from './scores.js';
import { Empty, ErrorState, Loading } from './states.js';
import { SelectFilter } from './select-filter.js';

export interface CaseFilters {
  readonly slice: string;
  readonly segment: string;
  readonly grader: string;
  readonly outcome: string;
  readonly search: string;
  readonly offset: number;
}

const LIMIT = 50;

/** The run's trials, one server-side page at a time, filtered in the store. */
export function CaseTable(props: { runId: string; summary: RunSummary; filters: CaseFilters; basePath: string }) {
  const { runId, summary, filters } = props;
  const set = (patch: Partial<CaseFilters>): void =>
    navigate(href(props.basePath, { ...filters, offset: 0, ...patch }), true);
  const page = useAsync(
    () =>
      api.trials(runId, {
        slice: filters.slice,
        segment: filters.segment,
        grader: filters.grader,
        outcome: filters.outcome,
        search: filters.search,
        limit: LIMIT,
        offset: filters.offset,
      }),
    [runId, filters.slice, filters.segment, filters.grader, filters.outcome, filters.search, filters.offset],
  );
  const slices = [...new Set(summary.segments.filter((s) => s.field === 'slice').map((s) => s.value))].sort();
  const segments = [
    ...new Set(summary.segments.filter((s) => s.field !== 'slice').map((s) => `${s.field}:${s.value}`)),
  ].sort();
  const filtered = Boolean(filters.slice || filters.segment || filters.grader || filters.outcome || filters.search);
  return (
    <div>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          set({ search: String(new FormData(e.currentTarget).get('search') ?? '') });
        }}
      >
        <SelectFilter
          label="Slice"
          name="slice"
          value={filters.slice}
          any="All"
          options={slices}
          onChange={(v) => set({ slice: v })}
        />
        <SelectFilter
          label="Segment"
          name="segment"
          value={filters.segment}
          any="All"
          options={segments.map((s) => [s, s.replace(':', ' = ')] as const)}
          onChange={(v) => set({ segment: v })}
        />
        <SelectFilter
          label="Grader"
          name="grader"
          value={filters.grader}
          any="Any"
          options={summary.graders.map((g) => g.name)}
          onChange={(v) => set({ grader: v })}
        />
        <SelectFilter
          label="Outcome"
          name="outcome"
          value={filters.outcome}
          any="Any"
          options={['pass', 'fail', 'error', 'pending']}
          onChange={(v) => set({ outcome: v })}
        />
        <label class="grow">
          Search input and output
          <input name="search" type="search" placeholder="text to find…" defaultValue={filters.search} />
        </label>
        <button type="submit">Search</button>
        {filtered && (
          <button type="button" class="secondary" onClick={() => navigate(props.basePath, true)}>
            Clear
          </button>
        )}
      </form>
      {page.error ? (
        <ErrorState error={page.error} retry={page.reload} />
      ) : !page.data ? (
        <Loading what="cases" />
      ) : page.data.trials.length === 0 ? (
        <Empty title={filtered ? 'No trial matches these filters.' : 'This run has no trials yet.'}>
          {filtered
            ? 'Loosen a filter or clear the search.'
            : 'Trials appear here as the run stores them; reload in a moment.'}
        </Empty>
      ) : (
        <>
          <div class={`table-wrap ${page.loading ? 'stale' : ''}`}>
            <table class="case-table">
              <thead>
                <tr>
                  <th>Case</th>
                  <th>Slice</th>
                  <th>Input</th>
                  <th>Output</th>
                  <th>Scores</th>
                  <th class="num">Latency</th>
                </tr>
              </thead>
              <tbody>
                {page.data.trials.map((t) => (
                  <tr key={`${t.caseId}\u0000${t.repeat}`}>
                    <td class="nowrap">
                      <Link
                        href={`/runs/${encodeURIComponent(runId)}/cases/${encodeURIComponent(t.caseId)}`}
                        class="mono"
                      >
                        {t.caseId}
                      </Link>
                      {summary.repeats > 1 && <span class="muted small"> #{t.repeat}</span>}
                    </td>
                    <td>{t.slice}</td>
                    <td class="clip">{t.input}</td>
                    <td class="clip">{t.error ? <span class="bad">{t.error}</span> : t.output}</td>
                    <td>
                      <ScoreChips scores={t.scores} error={t.error} />
                    </td>
                    <td class="num">{ms(t.latencyMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager total={page.data.total} limit={LIMIT} offset={filters.offset} onPage={(o) => set({ offset: o })} />
        </>
      )}
    </div>
  );
}
