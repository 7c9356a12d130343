import { api } from '../api.js';
import { CompareSegments, VERDICT_TEXT } from '../components/compare-segments.js';
import { FlipList } from '../components/flip-list.js';
import { Link } from '../components/link.js';
import { Empty, ErrorState } from '../components/states.js';
import { int, interval, MDE_TEST, num, pct, pp, pValue } from '../format.js';
import { href, navigate, useAsync, type Route } from '../hooks.js';

const CORRECTION_TEXT: Record<string, string> = {
  bh: 'Benjamini–Hochberg',
  holm: 'Holm',
  by: 'Benjamini–Yekutieli',
  none: 'no correction',
};

function Picker({ baseline, candidate }: { baseline: string; candidate: string }) {
  const runs = useAsync(() => api.runs({ limit: 100 }), []);
  const options = [...new Set(['latest', ...(runs.data?.runs.flatMap((r) => [...r.baselines, r.runId]) ?? [])])];
  return (
    <form
      class="filters"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        navigate(
          href('/compare', { baseline: String(f.get('baseline') ?? ''), candidate: String(f.get('candidate') ?? '') }),
        );
      }}
    >
      <datalist id="run-refs">
        {options.map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>
      <label class="grow">
        Baseline{' '}
        <input
          name="baseline"
          list="run-refs"
          placeholder="run id, baseline name or latest"
          defaultValue={baseline}
          required
        />
      </label>
      <label class="grow">
        Candidate{' '}
        <input
          name="candidate"
          list="run-refs"
          placeholder="run id, baseline name or latest"
          defaultValue={candidate}
          required
        />
      </label>
      <button type="submit">Compare</button>
    </form>
  );
}

type Comparison = NonNullable<Awaited<ReturnType<typeof api.compare>>>;

/** The cases that flipped one way, with their two outputs on a click. */
function FlipColumn({
  data,
  direction,
  empty,
}: {
  data: Comparison;
  direction: 'regressed' | 'improved';
  empty: string;
}) {
  const c = data.comparison;
  const flips = direction === 'regressed' ? c.flips.regressed : c.flips.improved;
  const repeated = c.graders.some((g) => g.repeats.baseline > 1 || g.repeats.candidate > 1);
  const [from, to] = direction === 'regressed' ? ['pass', 'fail'] : ['fail', 'pass'];
  return (
    <div>
      <h2>
        {direction === 'regressed' ? 'Regressions' : 'Improvements'}{' '}
        <span
          class={`count ${direction === 'regressed' ? 'bad' : 'good'}`}
          title={`Cases that flipped from ${from} to ${to}`}
        >
          {int(flips.length)} {flips.length === 1 ? 'case' : 'cases'}
        </span>
      </h2>
      <p class="note">
        Flipped from {from} to {to}
        {repeated ? ' on every repeat' : ''}. Click a row for the two outputs.
      </p>
      <FlipList
        flips={c.flips.details}
        baseline={data.baseline.runId}
        candidate={data.candidate.runId}
        direction={direction}
        empty={empty}
      />
    </div>
  );
}

const DISCORDANT_TITLE =
  "Cases worse (−) or better (+) in the candidate, the pairs the paired test counts; with repeats, by the mean over each case's repeats";

/** Baseline vs candidate: deltas and verdicts, segments, flips with diffs, flaky cases. Linkable. */
export function ComparePage({ route }: { route: Route }) {
  const baseline = route.params.get('baseline') ?? '';
  const candidate = route.params.get('candidate') ?? '';
  const ready = Boolean(baseline && candidate);
  const result = useAsync(
    () => (ready ? api.compare(baseline, candidate) : Promise.resolve(undefined)),
    [baseline, candidate],
  );
  return (
    <section>
      <h1>Compare</h1>
      <Picker key={`${baseline}|${candidate}`} baseline={baseline} candidate={candidate} />
      {!ready ? (
        <Empty title="Pick a baseline and a candidate.">
          Type run ids or baseline names (or <code>latest</code>); the page URL then links to this comparison.
        </Empty>
      ) : result.error ? (
        <ErrorState error={result.error} retry={result.reload} />
      ) : !result.data ? (
        <div class="state loading" role="status">
          <strong>
            Comparing {baseline} with {candidate}…
          </strong>
          <div class="state-body">
            This reads every trial of both runs and runs the paired tests; on runs of 100,000 trials it takes several
            seconds. The server keeps the result, so the next visit is instant.
          </div>
        </div>
      ) : (
        <CompareResult data={result.data} />
      )}
    </section>
  );
}

function CompareResult({ data }: { data: Comparison }) {
  const c = data.comparison;
  const b = data.baseline.runId;
  const k = data.candidate.runId;
  const repeated = c.graders.some((g) => g.repeats.baseline > 1 || g.repeats.candidate > 1);
  const flipCount = (grader: string, direction: 'regressed' | 'improved'): number =>
    c.flips.details.filter((f) => f.grader === grader && f.direction === direction).length;
  const discordant = (direction: 'regressed' | 'improved'): number =>
    c.graders.reduce(
      (sum, g) => sum + (direction === 'regressed' ? g.discordant.baselineOnly : g.discordant.candidateOnly),
      0,
    );
  const flipsEmpty = (direction: 'regressed' | 'improved'): string => {
    const text = direction === 'regressed' ? 'No case went from pass to fail' : 'No case went from fail to pass';
    if (!repeated) return `${text}.`;
    const d = discordant(direction);
    return `${text} on every repeat.${d ? ` ${d} case × grader pairs have a ${direction === 'regressed' ? 'lower' : 'higher'} mean over repeats (discordant cases in the table above), without flipping outright.` : ''}`;
  };
  return (
    <>
      <div class="meta">
        <span>
          Baseline{' '}
          <Link href={`/runs/${encodeURIComponent(b)}`} class="mono">
            {b}
          </Link>
        </span>
        <span>
          Candidate{' '}
          <Link href={`/runs/${encodeURIComponent(k)}`} class="mono">
            {k}
          </Link>
        </span>
        <span>
          Shared cases <b>{int(c.sharedCases)}</b>
        </span>
        {(c.onlyInBaseline > 0 || c.onlyInCandidate > 0) && (
          <span class="muted">
            only in baseline {int(c.onlyInBaseline)} · only in candidate {int(c.onlyInCandidate)}
          </span>
        )}
        <span>
          α = {c.alpha}, segments corrected with {CORRECTION_TEXT[c.correction] ?? c.correction}
        </span>
      </div>
      {c.warnings.length > 0 && (
        <div class="warnings">
          {c.warnings.map((w) => (
            <div key={w.code + w.message} class="warning">
              <b>{w.code}</b> {w.message}
            </div>
          ))}
        </div>
      )}

      <h2>Graders</h2>
      <div class="table-wrap">
        <table class="compare-table">
          <thead>
            <tr>
              <th>Grader</th>
              <th class="num">Baseline</th>
              <th class="num">Candidate</th>
              <th class="num">Δ</th>
              <th>95% CI of Δ</th>
              <th class="num">p</th>
              <th>Verdict</th>
              <th class="num">MDE</th>
              <th class="num" title={DISCORDANT_TITLE}>
                Discordant cases −/+{repeated && <span class="th-sub">(case means)</span>}
              </th>
              <th
                class="num"
                title="Cases whose every repeat passed on one side and failed on the other: the Regressions and Improvements lists below"
              >
                Flipped cases −/+{repeated && <span class="th-sub">(all repeats)</span>}
              </th>
            </tr>
          </thead>
          <tbody>
            {c.graders.map((g) => (
              <tr key={g.name} class={`verdict-${g.verdict}`}>
                <td>
                  {g.name} <span class="muted small">{g.kind}</span>
                </td>
                <td class="num" title={interval(g.baseline)}>
                  {pct(g.baseline.value)}
                </td>
                <td class="num" title={interval(g.candidate)}>
                  {pct(g.candidate.value)}
                </td>
                <td class="num">
                  <b>{pp(g.delta.value)}</b>
                </td>
                <td class="muted nowrap">
                  [{pp(g.delta.lower)}, {pp(g.delta.upper)}]
                </td>
                <td class="num" title={g.test}>
                  {pValue(g.pValue)}
                </td>
                <td>
                  <span class={`verdict ${g.verdict}`}>{VERDICT_TEXT[g.verdict] ?? g.verdict}</span>
                </td>
                <td
                  class="num"
                  title={`minimum detectable effect (80% power) of the ${MDE_TEST[g.mdeMethod] ?? 'deciding'} test`}
                >
                  {pct(g.mde)} <span class="muted small">{MDE_TEST[g.mdeMethod] ?? ''}</span>
                </td>
                <td class="num discordant" title={DISCORDANT_TITLE}>
                  {int(g.discordant.baselineOnly)} / {int(g.discordant.candidateOnly)}
                </td>
                <td class="num flipped">
                  {int(flipCount(g.name, 'regressed'))} / {int(flipCount(g.name, 'improved'))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {c.graders.some((g) => g.passAtK && g.passAtK.length > 0) && (
        <div class="table-wrap">
          <table class="compare-table">
            <thead>
              <tr>
                <th>Grader</th>
                <th>Metric</th>
                <th class="num">Baseline</th>
                <th class="num">Candidate</th>
                <th class="num">Δ</th>
                <th>95% CI of Δ</th>
                <th class="num">p (sign-flip, by problem)</th>
              </tr>
            </thead>
            <tbody>
              {c.graders.flatMap((g) =>
                (g.passAtK ?? []).map((k) => (
                  <tr key={`${g.name} ${k.metric}`}>
                    <td>{g.name}</td>
                    <td>{k.metric}</td>
                    <td class="num">{pct(k.baseline)}</td>
                    <td class="num">{pct(k.candidate)}</td>
                    <td class="num">
                      <b>{pp(k.delta.value)}</b>
                    </td>
                    <td class="muted nowrap">
                      [{pp(k.delta.lower)}, {pp(k.delta.upper)}]
                    </td>
                    <td class="num">{pValue(k.p)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}

      {repeated && (
        <p class="note">
          With repeats, <b>discordant cases</b> compare each case's mean over its repeats (the paired test uses them);{' '}
          <b>flipped cases</b> are the stricter count of cases whose every repeat passed on one side and failed on the
          other.
        </p>
      )}

      <h2>Segments</h2>
      <CompareSegments segments={c.segments} alpha={c.alpha} />

      <div class="two-col">
        <FlipColumn data={data} direction="regressed" empty={flipsEmpty('regressed')} />
        <FlipColumn data={data} direction="improved" empty={flipsEmpty('improved')} />
      </div>

      <h2>
        Flaky cases <span class="count">{int(c.flaky.length)}</span>
      </h2>
      {c.flakyDetails.length === 0 ? (
        <p class="muted">
          No case both passed and failed across its repeats
          {c.graders.some((g) => g.repeats.candidate > 1) ? '' : ' (each run has one repeat, so flakiness cannot show)'}
          .
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Case</th>
              <th>Grader</th>
              <th>Side</th>
              <th class="num">Passes</th>
            </tr>
          </thead>
          <tbody>
            {c.flakyDetails.slice(0, 100).map((f) => (
              <tr key={`${f.caseId}-${f.grader}-${f.side}`}>
                <td>
                  <Link
                    href={`/runs/${encodeURIComponent(f.side === 'baseline' ? b : k)}/cases/${encodeURIComponent(f.caseId)}`}
                    class="mono"
                  >
                    {f.caseId}
                  </Link>
                </td>
                <td>{f.grader}</td>
                <td>{f.side}</td>
                <td class="num">
                  {f.passes} / {f.repeats}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {c.variance.length > 0 && (
        <>
          <h2>Repeat noise</h2>
          <ul>
            {c.variance.map((v) => (
              <li key={`${v.grader}-${v.side}`}>
                {v.grader} ({v.side}): {pct(v.noiseShare, 0)} of the spread is repeat noise — {v.recommendation}{' '}
                <span class="muted small">
                  within {num(v.withinVariance)} · between {num(v.betweenVariance)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
