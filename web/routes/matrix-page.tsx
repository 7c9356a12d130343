import { api, type MatrixComparison, type MatrixPair, type MatrixResponse } from '../api.js';
import { Link } from '../components/link.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { date, interval, pct, pp, pValue } from '../format.js';
import { href, navigate, useAsync, type Route } from '../hooks.js';
import { SelectFilter } from '../components/select-filter.js';

const enc = encodeURIComponent;

/** A matrix: cells by target × prompt with pass rates and intervals per grader, marked against the baseline. */
export function MatrixPage({ matrixId, route }: { matrixId: string; route: Route }) {
  const pairs = route.params.get('pairs') === 'all' ? 'all' : 'baseline';
  const view = useAsync(() => api.matrix(matrixId, { pairs }), [matrixId, pairs]);
  const heading = <h1>Matrix</h1>;
  if (view.error)
    return (
      <section>
        {heading}
        <ErrorState error={view.error} retry={view.reload} />
      </section>
    );
  if (!view.data)
    return (
      <section>
        {heading}
        <Loading what="the matrix comparison" />
      </section>
    );
  const m = view.data;
  const c = m.comparison;
  const graders = c ? c.omnibus.map((o) => o.grader) : [];
  const grader = graders.includes(route.params.get('grader') ?? '') ? route.params.get('grader')! : graders[0];
  const set = (patch: Record<string, string>) =>
    navigate(href(`/matrix/${enc(matrixId)}`, { pairs, grader, ...patch }), true);
  return (
    <section>
      <h1>
        Matrix · {m.eval} <span class="mono small muted">{m.matrixId}</span>
      </h1>
      <p class="muted">
        {m.cells.length} cells, started {date(m.startedAt)}.{' '}
        {c
          ? `${c.sharedCases} shared cases; pairs ${c.pairsMode === 'all' ? 'all against all' : 'against the baseline'}, ${correctionText(c.correction)} over each grader's pairs, segments ${correctionText(c.segmentCorrection)} over all segment tests, α = ${c.alpha}.`
          : 'One cell so far: nothing to compare.'}
      </p>
      {c && (
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          <SelectFilter
            label="Grader"
            name="grader"
            value={grader}
            options={graders}
            onChange={(v) => set({ grader: v })}
          />
          <SelectFilter
            label="Pairs"
            name="pairs"
            value={pairs}
            options={[
              ['baseline', 'each candidate against the baseline'],
              ['all', 'every pair'],
            ]}
            onChange={(v) => set({ pairs: v })}
          />
        </form>
      )}
      <MatrixGrid m={m} grader={grader} />
      {c && grader !== undefined && <MatrixDetails c={c} grader={grader} />}
    </section>
  );
}

function correctionText(c: string): string {
  return c === 'holm'
    ? 'Holm'
    : c === 'bh'
      ? 'Benjamini–Hochberg'
      : c === 'by'
        ? 'Benjamini–Yekutieli'
        : 'no correction';
}

/** The pair of a cell with the baseline, oriented so its delta is cell − baseline. */
function againstBaseline(c: MatrixComparison, grader: string, runId: string) {
  const base = c.runs.find((r) => r.baseline)!.runId;
  const p = c.pairs.find(
    (x) =>
      x.grader === grader &&
      ((x.baseline === base && x.candidate === runId) || (x.candidate === base && x.baseline === runId)),
  );
  if (!p) return undefined;
  const flipped = p.baseline === runId;
  const better = p.significant && (flipped ? p.delta.value < 0 : p.delta.value > 0);
  const worse = p.significant && !better;
  return { pair: p, better, worse, delta: flipped ? -p.delta.value : p.delta.value };
}

function MatrixGrid({ m, grader }: { m: MatrixResponse; grader: string | undefined }) {
  const rows = m.targets.length > 0 ? m.targets : [null];
  const cols = m.prompts.length > 0 ? m.prompts : [null];
  const c = m.comparison;
  const base = c?.runs.find((r) => r.baseline)?.runId;
  const rank = c?.ranking.find((r) => r.grader === grader);
  const cellAt = (t: string | null, p: string | null) => m.cells.find((x) => x.target === t && x.prompt === p);
  return (
    <table class="matrix-grid">
      <thead>
        <tr>
          <th>{m.targets.length > 0 ? 'target \\ prompt' : ''}</th>
          {cols.map((p) => (
            <th key={p ?? '-'}>{p ?? 'cell'}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((t) => (
          <tr key={t ?? '-'}>
            <th>{t ?? ''}</th>
            {cols.map((p) => {
              const cell = cellAt(t, p);
              if (!cell)
                return (
                  <td key={p ?? '-'} class="muted">
                    not run
                  </td>
                );
              const e = rank?.entries.find((x) => x.runId === cell.runId);
              const mark = c && grader && cell.runId !== base ? againstBaseline(c, grader, cell.runId) : undefined;
              return (
                <td key={p ?? '-'} class={`matrix-cell ${mark?.better ? 'good' : mark?.worse ? 'bad' : ''}`}>
                  <Link href={`/runs/${enc(cell.runId)}`}>{cell.label}</Link>
                  {e && (
                    <div>
                      <strong>{pct(e.value)}</strong> <span class="muted small">{interval(e)}</span>
                    </div>
                  )}
                  <div class="small">
                    {cell.runId === base ? (
                      <span class="tag">baseline</span>
                    ) : mark ? (
                      <Link
                        href={href('/compare', { baseline: mark.pair.baseline, candidate: mark.pair.candidate })}
                        class="small"
                      >
                        {mark.better ? '▲ better' : mark.worse ? '▼ worse' : 'no detectable change'} ({pp(mark.delta)},
                        adj. p {pValue(mark.pair.pAdjusted)})
                      </Link>
                    ) : null}
                  </div>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MatrixDetails({ c, grader }: { c: MatrixComparison; grader: string }) {
  const label = new Map(c.runs.map((r) => [r.runId, r.label]));
  const o = c.omnibus.find((x) => x.grader === grader)!;
  const pairs = c.pairs.filter((p) => p.grader === grader);
  const segments = c.segments.filter((s) => s.grader === grader && s.winner !== null);
  const disagreements = c.disagreements.filter((d) => d.grader === grader);
  const base = c.runs.find((r) => r.baseline)!;
  return (
    <>
      <p class="omnibus">
        {o.test === 'cochran-q' ? "Cochran's Q" : 'Friedman χ²'} ={' '}
        {Number.isFinite(o.statistic) ? o.statistic.toFixed(2) : 'n/a'}, df {o.df}, p {pValue(o.pValue)} on {o.n} cases:{' '}
        <strong>{o.significant ? 'the cells differ' : 'no detectable difference between the cells'}</strong>
        {o.reason ? ` (${o.reason})` : ''}.
      </p>
      <h2>Pairs</h2>
      <table class="matrix-pairs">
        <thead>
          <tr>
            <th>candidate</th>
            <th>baseline</th>
            <th class="num">Δ [95% CI]</th>
            <th class="num">p</th>
            <th class="num">adjusted p</th>
            <th>verdict</th>
          </tr>
        </thead>
        <tbody>
          {pairs.map((p: MatrixPair) => (
            <tr key={`${p.baseline}|${p.candidate}`}>
              <td>{p.candidateLabel}</td>
              <td>{p.baselineLabel}</td>
              <td class="num">
                {pp(p.delta.value)} {interval(p.delta)}
              </td>
              <td class="num">{pValue(p.pValue)}</td>
              <td class="num">{pValue(p.pAdjusted)}</td>
              <td>
                <Link
                  href={href('/compare', { baseline: p.baseline, candidate: p.candidate })}
                  class={p.verdict === 'improved' ? 'good' : p.verdict === 'regressed' ? 'bad' : ''}
                >
                  {p.verdict}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Segment winners</h2>
      {segments.length === 0 ? (
        <p class="muted">No segment has a significant winner after correction.</p>
      ) : (
        <table>
          <tbody>
            {segments.map((s) => (
              <tr key={`${s.field}=${s.value}`}>
                <td>
                  {s.field} = {s.value}
                </td>
                <td>{label.get(s.winner!)}</td>
                <td class="num">n={s.n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Where the cells disagree most</h2>
      {disagreements.length === 0 ? (
        <Empty title="Every cell scored every shared case the same." />
      ) : (
        <table class="matrix-disagreements">
          <thead>
            <tr>
              <th>case</th>
              {c.runs.map((r) => (
                <th key={r.runId} class="num">
                  {r.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {disagreements.map((d) => (
              <tr key={d.caseId}>
                <td>
                  <Link href={`/runs/${enc(base.runId)}/cases/${enc(d.caseId)}`} class="mono">
                    {d.caseId}
                  </Link>
                </td>
                {d.values.map((v) => (
                  <td key={v.runId} class={`num ${v.value >= 0.5 ? 'good' : 'bad'}`}>
                    {pct(v.value, 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
