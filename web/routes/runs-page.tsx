import { api } from '../api.js';
import { Link } from '../components/link.js';
import { RunStatus } from '../components/run-status.js';
import { MiniBar } from '../components/interval-chart.js';
import { Pager } from '../components/pager.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { date, int, interval, pct, shortHash, usd } from '../format.js';
import { href, navigate, useAsync, type Route } from '../hooks.js';
import { SelectFilter } from '../components/select-filter.js';

const LIMIT = 50;
const SORTS: readonly [string, string][] = [
  ['-startedAt', 'Newest first'],
  ['startedAt', 'Oldest first'],
  ['eval', 'Eval A–Z'],
  ['-passRate', 'Pass rate ↓'],
  ['passRate', 'Pass rate ↑'],
  ['-errors', 'Most errors'],
  ['-cost', 'Most expensive'],
];

/** Every run, newest first, with headline pass rates and intervals. */
export function RunsPage({ route }: { route: Route }) {
  const p = route.params;
  const filters = {
    eval: p.get('eval') ?? '',
    status: p.get('status') ?? '',
    search: p.get('search') ?? '',
    sort: p.get('sort') ?? '-startedAt',
  };
  const offset = Number(p.get('offset') ?? 0) || 0;
  const set = (patch: Record<string, string | number>): void =>
    navigate(href('/', { ...filters, offset: 0, ...patch }), true);
  const runs = useAsync(
    () => api.runs({ ...filters, limit: LIMIT, offset }),
    [filters.eval, filters.status, filters.search, filters.sort, offset],
  );

  return (
    <section>
      <h1>Runs</h1>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          set({ search: String(new FormData(e.currentTarget).get('search') ?? '') });
        }}
      >
        <SelectFilter
          label="Eval"
          name="eval"
          value={filters.eval}
          any="All evals"
          options={runs.data?.evals ?? (filters.eval ? [filters.eval] : [])}
          onChange={(v) => set({ eval: v })}
        />
        <SelectFilter
          label="Status"
          name="status"
          value={filters.status}
          any="Any"
          options={['completed', 'running', 'interrupted', 'failed']}
          onChange={(v) => set({ status: v })}
        />
        <SelectFilter
          label="Sort"
          name="sort"
          value={filters.sort}
          options={SORTS}
          onChange={(v) => set({ sort: v })}
        />
        <label class="grow">
          Search
          <input
            name="search"
            type="search"
            placeholder="run id, eval, model, commit, baseline…"
            defaultValue={filters.search}
          />
        </label>
        <button type="submit">Search</button>
      </form>
      {runs.error ? (
        <ErrorState error={runs.error} retry={runs.reload} />
      ) : !runs.data ? (
        <Loading what="runs" />
      ) : runs.data.runs.length === 0 ? (
        filters.eval || filters.status || filters.search ? (
          <Empty title="No run matches these filters.">Clear the search or pick another eval or status.</Empty>
        ) : (
          <Empty title="No runs yet.">
            Run an eval with <code>npx assay run path/to/file.eval.yaml</code>, then reload this page.
          </Empty>
        )
      ) : (
        <>
          <div class="table-wrap">
            <table class="runs-table">
              <thead>
                <tr>
                  <th>Run</th>
                  <th>Eval</th>
                  <th>Target</th>
                  <th>Dataset</th>
                  <th>Started</th>
                  <th>Status</th>
                  <th>Pass rate (95% CI)</th>
                  <th class="num">Trials</th>
                  <th class="num">Errors</th>
                  <th class="num">Cost</th>
                </tr>
              </thead>
              <tbody>
                {runs.data.runs.map((r) => (
                  <tr key={r.runId}>
                    <td>
                      <Link href={`/runs/${encodeURIComponent(r.runId)}`} class="mono">
                        {r.runId}
                      </Link>
                      {r.baselines.map((b) => (
                        <span key={b} class="tag">
                          baseline: {b}
                        </span>
                      ))}
                      {r.matrixId && (
                        <Link href={`/matrix/${encodeURIComponent(r.matrixId)}`} class="tag matrix-link">
                          matrix: {r.matrixLabel ?? r.matrixId}
                        </Link>
                      )}
                    </td>
                    <td>{r.eval}</td>
                    <td>
                      <div>{String(r.target.model ?? r.target.kind)}</div>
                      <div class="muted mono small" title="prompt hash">
                        {shortHash(r.target.promptHash)}
                      </div>
                    </td>
                    <td>
                      <div>{r.datasetName}</div>
                      <div class="muted mono small">{shortHash(r.datasetVersion)}</div>
                    </td>
                    <td class="nowrap">{date(r.startedAt)}</td>
                    <td>
                      <RunStatus run={r} />
                    </td>
                    <td>
                      {r.graders === null ? (
                        <span class="muted">no summary yet</span>
                      ) : (
                        r.graders.map((g) => (
                          <div
                            key={g.name}
                            class="headline"
                            title={`${g.name}: ${pct(g.passRate.value)} ${interval(g.passRate)}, n = ${g.n}`}
                          >
                            <span class="headline-name">{g.name}</span>
                            {g.n === 0 ? (
                              <span class="muted small headline-none">not graded yet</span>
                            ) : (
                              <>
                                <MiniBar {...g.passRate} />
                                <span class="num">{pct(g.passRate.value)}</span>
                                <span class="muted small">{interval(g.passRate)}</span>
                              </>
                            )}
                          </div>
                        ))
                      )}
                    </td>
                    <td class="num">
                      {int(r.trials)}
                      {r.plannedTrials > r.trials ? <span class="muted"> / {int(r.plannedTrials)}</span> : null}
                    </td>
                    <td class={`num ${r.errors > 0 ? 'bad' : ''}`}>{int(r.errors)}</td>
                    <td class="num">{usd(r.costUsd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager total={runs.data.total} limit={LIMIT} offset={offset} onPage={(o) => set({ offset: o })} />
        </>
      )}
    </section>
  );
}
