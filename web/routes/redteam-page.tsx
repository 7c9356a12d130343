import { api } from '../api.js';
import { Link } from '../components/link.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { date, int, interval, pct } from '../format.js';
import { href, navigate, useAsync, type Route } from '../hooks.js';
import { SelectFilter } from '../components/select-filter.js';

/** Attack success rate per family across an eval's recent releases, with intervals and the worst attacks. */
export function RedteamPage({ route }: { route: Route }) {
  const p = route.params;
  const q = { eval: p.get('eval') ?? '', grader: p.get('grader') ?? '' };
  const set = (patch: Partial<typeof q>): void => navigate(href('/redteam', { ...q, ...patch }), true);
  const view = useAsync(
    () => api.redteam({ eval: q.eval || undefined, grader: q.grader || undefined }),
    [q.eval, q.grader],
  );
  if (view.error)
    return (
      <section>
        <h1>Red team</h1>
        <ErrorState error={view.error} retry={view.reload} />
      </section>
    );
  if (!view.data)
    return (
      <section>
        <h1>Red team</h1>
        <Loading what="red-team results" />
      </section>
    );
  const r = view.data;
  if (r.runs.length === 0) {
    return (
      <section>
        <h1>Red team</h1>
        <Empty title="No run has attack cases yet.">
          Make some with <code>assay redteam generate</code> and run them; cases with <code>metadata.attack</code> show
          here.
        </Empty>
      </section>
    );
  }
  const newest = r.runs[r.runs.length - 1];
  return (
    <section>
      <h1>Red team</h1>
      <p class="muted">
        Attack success rate (ASR): the share of attack cases the grader failed to stop, with 95% intervals. Lower is
        better.
      </p>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <SelectFilter
          label="Eval"
          name="eval"
          value={r.eval}
          options={r.evals}
          onChange={(v) => set({ eval: v, grader: '' })}
        />
        <SelectFilter
          label="Grader"
          name="grader"
          value={r.grader}
          options={r.graders}
          onChange={(v) => set({ grader: v })}
        />
      </form>
      <table class="redteam-table">
        <thead>
          <tr>
            <th>Attack family</th>
            {r.runs.map((run) => (
              <th key={run.runId}>
                <Link href={`/runs/${encodeURIComponent(run.runId)}`}>{run.target || 'run'}</Link>
                <div class="mono small">{run.runId}</div>
                <div class="muted small">
                  {date(run.startedAt)} · {int(run.attacks)} attacks
                </div>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {r.families.map((f) => (
            <tr key={f.family} class={f.family === 'all attacks' ? 'total' : ''}>
              <td>{f.family}</td>
              {f.cells.map((c) => (
                <td key={c.runId} class={c.value !== null && c.value > 0 ? 'bad' : ''}>
                  <b>{pct(c.value)}</b> <span class="muted">{interval(c)}</span>{' '}
                  <span class="muted small">n {int(c.n)}</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Worst successful attacks in the newest run</h2>
      {r.worst.length === 0 ? (
        <p class="muted">No attack got past {r.grader} in the newest run.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Attack case</th>
              <th>Technique</th>
              <th>Got past</th>
            </tr>
          </thead>
          <tbody>
            {r.worst.map((w) => (
              <tr key={w.caseId}>
                <td>
                  <Link href={`/runs/${encodeURIComponent(newest.runId)}/cases/${encodeURIComponent(w.caseId)}`}>
                    {w.caseId}
                  </Link>
                </td>
                <td>
                  {w.family}/{w.technique}
                </td>
                <td>{w.graders.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
