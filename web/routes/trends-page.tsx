import { api } from '../api.js';
import { Link } from '../components/link.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { TrendChart, type TrendSeriesPoint } from '../components/trend-chart.js';
import { date, int, interval, num, pct, pp, pValue } from '../format.js';
import { href, navigate, useAsync, type Route } from '../hooks.js';
import { SelectFilter } from '../components/select-filter.js';

/** One eval's metric over time, run by run or week by week, with bands, baselines and flags. */
export function TrendsPage({ route }: { route: Route }) {
  const p = route.params;
  const q = {
    eval: p.get('eval') ?? '',
    grader: p.get('grader') ?? '',
    metric: p.get('metric') ?? 'passRate',
    by: p.get('by') === 'week' ? 'week' : 'run',
  };
  const set = (patch: Partial<typeof q>): void => navigate(href('/trends', { ...q, ...patch }), true);
  const trends = useAsync(
    () => api.trends({ eval: q.eval || undefined, grader: q.grader || undefined, metric: q.metric }),
    [q.eval, q.grader, q.metric],
  );
  const evalName = trends.data?.eval ?? '';
  const grader = trends.data?.grader ?? '';
  const flags = useAsync(
    () => (evalName && grader ? api.trendFlags({ eval: evalName, grader, pairs: 8 }) : Promise.resolve(undefined)),
    [evalName, grader],
  );

  if (trends.error)
    return (
      <section>
        <h1>Trends</h1>
        <ErrorState error={trends.error} retry={trends.reload} />
      </section>
    );
  if (!trends.data)
    return (
      <section>
        <h1>Trends</h1>
        <Loading what="trends" />
      </section>
    );
  const t = trends.data;
  const metricLabel = t.metric === 'passRate' ? `${t.grader} pass rate (%)` : `${t.grader} mean score (0–1)`;
  const series: TrendSeriesPoint[] =
    q.by === 'week'
      ? t.weeks.map((w) => ({
          key: w.week,
          t: Date.parse(`${w.start}T00:00:00Z`),
          value: w.value,
          lower: w.lower,
          upper: w.upper,
          label: `${w.week} (${w.runs} ${w.runs === 1 ? 'run' : 'runs'})`,
          tick: [w.week, `from ${w.start}`] as const,
        }))
      : t.points.map((r, i) => ({
          key: r.runId,
          t: Date.parse(r.startedAt),
          value: r.value,
          lower: r.lower,
          upper: r.upper,
          label: `#${i + 1} ${r.runId}`,
          tick: [date(r.startedAt), `run #${i + 1}`] as const,
        }));
  const runTime = new Map(t.points.map((r) => [r.runId, Date.parse(r.startedAt)]));
  const flagged = (flags.data?.pairs ?? []).filter((f) => f.verdict === 'regressed' || f.verdict === 'improved');
  return (
    <section>
      <h1>Trends</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <SelectFilter
          label="Eval"
          name="eval"
          value={t.eval}
          options={t.evals}
          onChange={(v) => set({ eval: v, grader: '' })}
        />
        <SelectFilter
          label="Grader"
          name="grader"
          value={t.grader}
          options={t.graders}
          onChange={(v) => set({ grader: v })}
        />
        <SelectFilter
          label="Metric"
          name="metric"
          value={t.metric}
          options={[
            ['passRate', 'Pass rate'],
            ['mean', 'Mean score'],
          ]}
          onChange={(v) => set({ metric: v })}
        />
        <div class="segmented" role="group" aria-label="Granularity">
          <button type="button" class={q.by === 'run' ? 'on' : ''} onClick={() => set({ by: 'run' })}>
            Run by run
          </button>
          <button type="button" class={q.by === 'week' ? 'on' : ''} onClick={() => set({ by: 'week' })}>
            Week by week
          </button>
        </div>
      </form>
      {t.evals.length === 0 ? (
        <Empty title="No runs yet.">
          Run an eval a few times (<code>npx assay run …</code>) to see it over time.
        </Empty>
      ) : series.length === 0 ? (
        <Empty title={`No finished run of ${t.eval} has scores for ${t.grader || 'any grader'}.`}>
          Pick another grader, or wait for a run to finish.
        </Empty>
      ) : (
        <>
          <TrendChart
            points={series}
            yLabel={metricLabel}
            xLabel={q.by === 'week' ? 'ISO week (runs started, UTC)' : 'run started (UTC)'}
            formatY={t.metric === 'passRate' ? undefined : (v, step) => num(v, step < 0.05 ? 2 : 1)}
            baselines={
              q.by === 'run'
                ? t.baselines
                    .filter((b) => runTime.has(b.runId))
                    .map((b) => ({ name: b.name, t: runTime.get(b.runId) ?? 0 }))
                : []
            }
            flags={q.by === 'run' ? flagged.map((f) => ({ ...f, t: runTime.get(f.candidateRunId) ?? 0 })) : []}
          />
          <p class="muted small">
            Band and error bars: 95% interval ({t.metric === 'passRate' ? 'Wilson' : 't'}).{' '}
            {q.by === 'week'
              ? 'A week pools its runs; runs that re-use the same cases make its band look narrower than it is.'
              : 'Dashed lines mark baselines; ringed points are runs the compare logic flags against the run before.'}
          </p>
          <div class="stack">
            <div>
              <h2>Flags from the compare logic</h2>
              {flags.error ? (
                <ErrorState error={flags.error} retry={flags.reload} />
              ) : !flags.data ? (
                <Loading what="comparisons" />
              ) : flags.data.pairs.length === 0 ? (
                <p class="muted">Fewer than two completed runs: nothing to compare yet.</p>
              ) : (
                <div class="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th>Candidate</th>
                        <th>vs previous</th>
                        <th class="num">Δ</th>
                        <th class="num">p</th>
                        <th>Verdict</th>
                      </tr>
                    </thead>
                    <tbody>
                      {[...flags.data.pairs].reverse().map((f) => (
                        <tr key={f.candidateRunId} class={`verdict-${f.verdict}`}>
                          <td>
                            <Link
                              href={href('/compare', { baseline: f.baselineRunId, candidate: f.candidateRunId })}
                              class="mono"
                            >
                              {f.candidateRunId}
                            </Link>
                          </td>
                          <td class="mono small">{f.baselineRunId}</td>
                          <td class="num">{pp(f.delta.value)}</td>
                          <td class="num">{pValue(f.pValue)}</td>
                          <td>
                            <span class={`verdict ${f.verdict}`}>{f.verdict.replace(/-/g, ' ')}</span>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
            <div>
              <h2>{q.by === 'week' ? 'Weeks' : 'Runs'}</h2>
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>{q.by === 'week' ? 'Week' : 'Run'}</th>
                      <th class="num">{t.metric === 'passRate' ? 'Pass rate' : 'Mean'}</th>
                      <th>95% CI</th>
                      <th class="num">n</th>
                    </tr>
                  </thead>
                  <tbody>
                    {q.by === 'week'
                      ? [...t.weeks].reverse().map((w) => (
                          <tr key={w.week}>
                            <td>
                              {w.week}{' '}
                              <span class="muted small">
                                {w.runs} {w.runs === 1 ? 'run' : 'runs'}
                              </span>
                            </td>
                            <td class="num">{pct(w.value)}</td>
                            <td class="muted">{interval(w)}</td>
                            <td class="num">{int(w.n)}</td>
                          </tr>
                        ))
                      : [...t.points].reverse().map((r) => (
                          <tr key={r.runId}>
                            <td>
                              <Link href={`/runs/${encodeURIComponent(r.runId)}`} class="mono">
                                {r.runId}
                              </Link>{' '}
                              <span class="muted small">{date(r.startedAt)}</span>
                            </td>
                            <td class="num">{pct(r.value)}</td>
                            <td class="muted">{interval(r)}</td>
                            <td class="num">{int(r.n)}</td>
                          </tr>
                        ))}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </>
      )}
    </section>
  );
}
