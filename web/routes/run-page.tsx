import { api } from '../api.js';
import { CaseTable } from '../components/case-table.js';
import { IntervalChart } from '../components/interval-chart.js';
import { Link } from '../components/link.js';
import { RunStatus } from '../components/run-status.js';
import { SegmentTable } from '../components/segment-table.js';
import { ErrorState, Loading } from '../components/states.js';
import { date, int, interval, ms, num, pct, shortHash, usd } from '../format.js';
import { href, navigate, useAsync, type Route } from '../hooks.js';

const PAGE_SECTIONS: readonly [string, string][] = [
  ['metrics', 'Metrics'],
  ['segments', 'Segments'],
  ['cases', 'Cases'],
];

/** One run: per-grader metrics with error bars, segments, latency and cost, and its cases. */
export function RunPage({ runId, route }: { runId: string; route: Route }) {
  const detail = useAsync(() => api.run(runId), [runId]);
  const p = route.params;
  const basePath = `/runs/${encodeURIComponent(runId)}`;
  const filters = {
    slice: p.get('slice') ?? '',
    segment: p.get('segment') ?? '',
    grader: p.get('grader') ?? '',
    outcome: p.get('outcome') ?? '',
    search: p.get('search') ?? '',
    offset: Number(p.get('offset') ?? 0) || 0,
  };
  if (detail.error) return <ErrorState error={detail.error} retry={detail.reload} />;
  if (!detail.data) return <Loading what="run" />;
  const { run, summary } = detail.data;
  const s = summary;
  return (
    <section>
      <div class="page-head">
        <div>
          <div class="crumbs">
            <Link href="/">Runs</Link> / <span class="mono">{run.runId}</span>
          </div>
          <h1>
            {run.eval} <RunStatus run={run} />
            {run.baselines.map((b) => (
              <span key={b} class="tag">
                baseline: {b}
              </span>
            ))}
          </h1>
          <div class="meta">
            <span>
              Target <b>{String(run.target.model ?? run.target.kind)}</b>
            </span>
            <span>
              Prompt <b class="mono">{shortHash(run.target.promptHash)}</b>
            </span>
            <span>
              Dataset <b>{run.datasetName}</b> <span class="mono">{shortHash(run.datasetVersion)}</span>
            </span>
            <span>
              Started <b>{date(run.startedAt)}</b>
            </span>
            {run.gitCommit && (
              <span>
                Commit <b class="mono">{shortHash(run.gitCommit)}</b>
              </span>
            )}
          </div>
        </div>
        <div class="actions">
          <Link
            class="button"
            href={href('/compare', {
              baseline: run.baselines.length ? run.baselines[0] : 'latest',
              candidate: run.runId,
            })}
          >
            Compare…
          </Link>
          <Link class="button secondary" href={href('/trends', { eval: run.eval })}>
            Trends
          </Link>
          <Link class="button secondary" href={href('/review', { run: run.runId })}>
            Review
          </Link>
        </div>
      </div>

      <nav class="page-nav" aria-label="On this page">
        {PAGE_SECTIONS.map(([id, label]) => (
          <a
            key={id}
            href={`#${id}`}
            onClick={(e) => {
              e.preventDefault();
              document.getElementById(id)?.scrollIntoView({ block: 'start' });
            }}
          >
            {label}
            {id === 'segments'
              ? ` (${int(new Set(s.segments.map((x) => `${x.field}\u0000${x.value}`)).size)})`
              : id === 'cases'
                ? ` (${int(s.counts.trials)})`
                : ''}
          </a>
        ))}
      </nav>

      <div class="cards" id="metrics">
        <div class="card">
          <div class="card-label">Cases</div>
          <div class="card-value">{int(s.counts.cases)}</div>
          <div class="muted small">{s.repeats > 1 ? `${s.repeats} repeats each` : 'one repeat'}</div>
        </div>
        <div class="card">
          <div class="card-label">Trials</div>
          <div class="card-value">{int(s.counts.trials)}</div>
          <div class="muted small">of {int(s.counts.plannedTrials)} planned</div>
        </div>
        <div class="card">
          <div class="card-label">Errors</div>
          <div class={`card-value ${s.counts.errors ? 'bad' : ''}`}>{int(s.counts.errors)}</div>
          <div class="muted small">target errors</div>
        </div>
        <div class="card">
          <div class="card-label">Latency p50 / p95</div>
          <div class="card-value">{ms(s.latencyMs.p50)}</div>
          <div class="muted small">
            p95 {ms(s.latencyMs.p95)} · mean {ms(s.latencyMs.mean)}
          </div>
        </div>
        <div class="card">
          <div class="card-label">Cost</div>
          <div class="card-value">{usd(s.cost.usd)}</div>
          <div class="muted small">
            {s.cost.unknownTrials
              ? `${int(s.cost.unknownTrials)} trials without a price`
              : `${int(s.tokens.total)} tokens`}
          </div>
        </div>
      </div>

      {s.warnings.length > 0 && (
        <div class="warnings">
          {s.warnings.map((w) => (
            <div key={w} class="warning">
              {w}
            </div>
          ))}
        </div>
      )}

      <h2>Graders</h2>
      {s.graders.length === 0 ? (
        <p class="muted">No grader scored this run.</p>
      ) : (
        <div class="two-col">
          <IntervalChart
            title="Pass rate per grader, with 95% intervals"
            rows={s.graders.map((g) => ({ label: g.name, ...g.passRate }))}
          />
          <table class="grader-table">
            <thead>
              <tr>
                <th>Grader</th>
                <th class="num">Pass rate</th>
                <th>95% CI</th>
                <th class="num">Mean</th>
                <th class="num">n</th>
                <th class="num">Errors</th>
                <th class="num">Pending</th>
              </tr>
            </thead>
            <tbody>
              {s.graders.map((g) => (
                <tr key={g.name}>
                  <td>
                    {g.name}
                    {g.weighted && (
                      <span class="tag" title={`Weighted; effective n ${num(g.nEff, 1)}`}>
                        weighted
                      </span>
                    )}
                  </td>
                  <td class="num">{pct(g.passRate.value)}</td>
                  <td class="muted">{interval(g.passRate)}</td>
                  <td class="num" title={`95% CI ${num(g.mean.lower)}–${num(g.mean.upper)}`}>
                    {num(g.mean.value)}
                  </td>
                  <td class="num">{int(g.n)}</td>
                  <td class={`num ${g.errors ? 'bad' : ''}`}>{int(g.errors)}</td>
                  <td class="num">{int(g.pending)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {s.graders.some((g) => passAtKOf(g.metrics).length > 0) && (
        <>
          <h3>pass@k</h3>
          <table class="grader-table">
            <thead>
              <tr>
                <th>Grader</th>
                <th>Metric</th>
                <th class="num">Estimate</th>
                <th>95% CI (bootstrap over problems)</th>
                <th class="num">Problems</th>
              </tr>
            </thead>
            <tbody>
              {s.graders.flatMap((g) =>
                passAtKOf(g.metrics).map((e) => (
                  <tr key={`${g.name} ${e.label}`}>
                    <td>{g.name}</td>
                    <td>{e.label}</td>
                    <td class="num">{pct(e.value)}</td>
                    <td class="muted">
                      {e.value === null ? 'too few samples per problem' : `${pct(e.lower)} – ${pct(e.upper)}`}
                    </td>
                    <td class="num">{int(e.n)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </>
      )}

      {s.redteam && (
        <>
          <h2 id="redteam">Red team</h2>
          <p class="muted">
            Attack success rate per family over {int(s.redteam.attacks)} attack cases (lower is better).{' '}
            <Link href={href('/redteam', { eval: run.eval })}>Across releases…</Link>
          </p>
          <table class="redteam-table">
            <thead>
              <tr>
                <th>Attack family</th>
                <th class="num">n</th>
                {s.redteam.graders.map((g) => (
                  <th key={g}>{g} ASR (95% CI)</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...s.redteam.families, { family: 'all attacks', n: s.redteam.attacks, asr: s.redteam.overall }].map(
                (f) => (
                  <tr key={f.family} class={f.family === 'all attacks' ? 'total' : ''}>
                    <td>{f.family}</td>
                    <td class="num">{int(f.n)}</td>
                    {s.redteam!.graders.map((g) => (
                      <td key={g}>
                        <b>{pct(f.asr[g]?.value)}</b>{' '}
                        <span class="muted">
                          {interval(f.asr[g] && { lower: f.asr[g].lower ?? null, upper: f.asr[g].upper ?? null })}
                        </span>
                      </td>
                    ))}
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </>
      )}

      <h2 id="segments">Segments</h2>
      {s.segments.length === 0 ? (
        <p class="muted">No segments: the cases carry no slice or metadata fields.</p>
      ) : (
        <SegmentTable
          segments={s.segments}
          graders={s.graders}
          onPick={(seg) =>
            navigate(
              href(
                basePath,
                seg.field === 'slice'
                  ? { slice: seg.value, grader: seg.grader }
                  : { segment: `${seg.field}:${seg.value}`, grader: seg.grader },
              ),
              true,
            )
          }
        />
      )}

      <h2 id="cases">Cases</h2>
      <CaseTable runId={run.runId} summary={s} filters={filters} basePath={basePath} />
    </section>
  );
}

/** The pass@k metrics of a grader (registry ids `passAt<k>`), in ascending k. */
function passAtKOf(
  metrics: { readonly [id: string]: { value: number | null; lower?: number; upper?: number; n?: number } } | undefined,
) {
  return Object.entries(metrics ?? {})
    .flatMap(([id, v]) => {
      const k = /^passAt(\d+)$/.exec(id)?.[1];
      return k === undefined ? [] : [{ ...v, k: Number(k), label: `pass@${k}` }];
    })
    .sort((a, b) => a.k - b.k);
}
