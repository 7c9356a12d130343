import { api } from '../api.js';
import { IntervalChart } from '../components/interval-chart.js';
import { SegmentMixTable } from '../components/segment-mix-table.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { int, interval, pct, pValue } from '../format.js';
import { href, navigate, useAsync, type Route } from '../hooks.js';
import { SelectFilter } from '../components/select-filter.js';

/** Production traffic graded online: pass rate per window with 95% intervals, segments, traffic, alerts. */
export function OnlinePage({ route }: { route: Route }) {
  const p = route.params;
  const q = {
    eval: p.get('eval') ?? '',
    window: p.get('window') === 'day' ? 'day' : 'hour',
    segment: p.get('segment') ?? '',
    evalSet: p.get('evalSet') ?? '',
  };
  const set = (patch: Partial<typeof q>): void => navigate(href('/online', { ...q, ...patch }), true);
  const res = useAsync(
    () =>
      api.online({
        eval: q.eval || undefined,
        window: q.window,
        segment: q.segment || undefined,
        evalSet: q.evalSet || undefined,
      }),
    [q.eval, q.window, q.segment, q.evalSet],
  );
  if (res.error)
    return (
      <section>
        <h1>Online</h1>
        <ErrorState error={res.error} retry={res.reload} />
      </section>
    );
  if (!res.data)
    return (
      <section>
        <h1>Online</h1>
        <Loading what="online scores" />
      </section>
    );
  const { evals, status } = res.data;
  if (!status) {
    return (
      <section>
        <h1>Online</h1>
        <Empty title="No online scores yet.">
          Send traces to <code>/v1/traces</code> and run <code>npx assay online run &lt;eval&gt;</code>.
        </Empty>
      </section>
    );
  }
  const total = status.traffic.reduce((s, w) => s + w.traces, 0);
  const feedback = status.traffic.reduce((s, w) => s + w.feedback, 0);
  const down = status.traffic.reduce((s, w) => s + w.thumbsDown, 0);
  return (
    <section>
      <h1>Online</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <SelectFilter label="Eval" name="eval" value={status.eval} options={evals} onChange={(v) => set({ eval: v })} />
        <label>
          Segment by
          <input
            name="segment"
            value={q.segment}
            placeholder="user.tier"
            onChange={(e) => set({ segment: e.currentTarget.value })}
          />
        </label>
        <label>
          Eval set
          <input
            name="evalSet"
            value={q.evalSet}
            placeholder="run id, baseline or eval"
            onChange={(e) => set({ evalSet: e.currentTarget.value })}
          />
        </label>
        <div class="segmented" role="group" aria-label="Window">
          <button type="button" class={q.window === 'hour' ? 'on' : ''} onClick={() => set({ window: 'hour' })}>
            Hourly
          </button>
          <button type="button" class={q.window === 'day' ? 'on' : ''} onClick={() => set({ window: 'day' })}>
            Daily
          </button>
        </div>
      </form>
      <p class="muted">
        Traffic: {int(total)} trace records; feedback {int(feedback)} ({int(down)} thumbs down).
      </p>
      {status.segmentMix && <SegmentMixTable mix={status.segmentMix} />}
      {status.graders.map((g) => {
        const shown = g.windows.filter((w) => w.graded > 0);
        return (
          <article key={g.grader} class="online-grader">
            <h2>
              {g.grader}: {pct(g.overall.value)}{' '}
              <span class="muted">
                {interval(g.overall)} over {int(g.overall.n)} sampled traces
              </span>
            </h2>
            {g.alert && (
              <p class={g.alert.flagged ? 'alert bad' : 'alert'}>
                {g.alert.flagged ? 'Alert' : 'No alert'}: window {g.alert.windowStart} {int(g.alert.window.passes)}/
                {int(g.alert.window.graded)} vs baseline {int(g.alert.baseline.passes)}/{int(g.alert.baseline.graded)}{' '}
                (p {pValue(g.alert.p)}, level {pValue(g.alert.level)})
              </p>
            )}
            {shown.length > 0 && (
              <IntervalChart
                title={`${g.grader} pass rate per ${status.window}`}
                rows={shown.map((w) => ({
                  label: w.start.slice(0, status.window === 'hour' ? 16 : 10).replace('T', ' '),
                  value: w.passRate.value,
                  lower: w.passRate.lower,
                  upper: w.passRate.upper,
                  note: `n = ${w.graded}`,
                }))}
              />
            )}
            {g.segments.length > 0 && (
              <IntervalChart
                title={`${g.grader} pass rate per segment`}
                rows={g.segments.map((s) => ({
                  label: `${s.field}=${s.value}`,
                  value: s.passRate.value,
                  lower: s.passRate.lower,
                  upper: s.passRate.upper,
                  note: `n = ${s.passRate.n}`,
                }))}
              />
            )}
          </article>
        );
      })}
    </section>
  );
}
