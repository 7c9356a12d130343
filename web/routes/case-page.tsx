import { api, type CaseDetailResponse } from '../api.js';
import { Content } from '../components/chat.js';
import { Timeline } from '../components/timeline.js';
import { Link } from '../components/link.js';
import { outcomeOf, ScoreChips } from '../components/scores.js';
import { ErrorState, Loading } from '../components/states.js';
import { asText, date, ms, num, usd } from '../format.js';
import { useAsync } from '../hooks.js';

type Trial = CaseDetailResponse['trials'][number];

function outputOf(t: Trial): unknown {
  const o = t.output;
  if (!o) return undefined;
  if (o.messages && o.messages.length) return o.messages;
  return o.text ?? o.value;
}

type CaseData = CaseDetailResponse['case'];

/** What the case feeds the target: its input, or for a conversation its scripted turns or simulated user. */
function caseInput(c: CaseData): unknown {
  if (!c) return undefined;
  if (c.turns) {
    const before = Array.isArray(c.input) ? c.input : [];
    return [...before, ...c.turns.map((t) => ({ role: 'user', content: t.user }))];
  }
  if (c.simulatedUser) {
    const u = c.simulatedUser;
    return `Simulated user (at most ${u.maxTurns} turns)\nPersona: ${u.persona}\nGoal: ${u.goal}`;
  }
  return c.input;
}

/** The expected answer, with each turn's own expectation for a scripted conversation. */
function caseExpected(c: CaseData): unknown {
  if (!c?.turns?.some((t) => t.expected !== undefined)) return c?.expected;
  const lines = c.turns.flatMap((t, i) => (t.expected === undefined ? [] : [`turn ${i + 1}: ${asText(t.expected)}`]));
  if (c.expected !== undefined) lines.push(`conversation: ${asText(c.expected)}`);
  return lines.join('\n');
}

function RepeatColumn({ trial }: { trial: Trial }) {
  return (
    <div class="repeat">
      <div class="repeat-head">
        <b>Repeat #{trial.repeat}</b>
        <span class="muted small">
          {ms(trial.latencyMs)} · {usd(trial.output?.costUsd ?? null)}
          {trial.output?.model ? ` · ${trial.output.model}` : ''}
        </span>
      </div>
      {trial.error ? (
        <pre class="text bad">{trial.error}</pre>
      ) : trial.output?.trajectory ? (
        <Timeline trajectory={trial.output.trajectory} scores={trial.scores} />
      ) : (
        <Content value={outputOf(trial)} empty="No output." />
      )}
      {!trial.output?.trajectory && trial.output?.toolCalls && trial.output.toolCalls.length > 0 && (
        <details>
          <summary>Tool calls ({trial.output.toolCalls.length})</summary>
          <pre class="text">{asText(trial.output.toolCalls)}</pre>
        </details>
      )}
      <table class="score-table">
        <thead>
          <tr>
            <th>Grader</th>
            <th>Outcome</th>
            <th class="num">Score</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {trial.scores.map((s) => (
            <tr key={s.grader}>
              <td>{s.grader}</td>
              <td>
                <span class={`chip ${outcomeOf(s)}`}>{outcomeOf(s)}</span>
                {s.label && <span class="tag">{s.label}</span>}
              </td>
              <td class="num">{num(s.value)}</td>
              <td class="reason">{s.error ?? s.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One case: the conversation, the expected answer, every repeat side by side, and other runs. */
export function CasePage({ runId, caseId }: { runId: string; caseId: string }) {
  const detail = useAsync(() => api.caseDetail(runId, caseId), [runId, caseId]);
  if (detail.error) return <ErrorState error={detail.error} retry={detail.reload} />;
  if (!detail.data) return <Loading what="case" />;
  const d = detail.data;
  const c = d.case;
  return (
    <section>
      <div class="crumbs">
        <Link href="/">Runs</Link> /{' '}
        <Link href={`/runs/${encodeURIComponent(runId)}`} class="mono">
          {runId}
        </Link>{' '}
        / <span class="mono">{caseId}</span>
      </div>
      <h1>
        Case <span class="mono">{caseId}</span>
      </h1>
      {c && (
        <div class="meta">
          <span>
            Slice <b>{c.slice}</b>
          </span>
          {Object.entries(c.metadata).map(([k, v]) => (
            <span key={k}>
              {k} <b>{String(v)}</b>
            </span>
          ))}
          {c.weight !== 1 && (
            <span>
              Weight <b>{num(c.weight)}</b>
            </span>
          )}
          {c.source && (
            <span>
              Source <b>{c.source}</b>
            </span>
          )}
        </div>
      )}
      {!c && (
        <div class="warning">
          The dataset of this run is not in the store, so the input and expected answer are unknown.
        </div>
      )}
      <div class="two-col">
        <div>
          <h2>Input</h2>
          <Content value={caseInput(c)} empty="Unknown input." />
        </div>
        <div>
          <h2>Expected</h2>
          <Content value={caseExpected(c)} empty="No expected answer: graders judge the output on its own." />
        </div>
      </div>
      <h2>Output{d.trials.length > 1 ? `s — ${d.trials.length} repeats` : ''}</h2>
      {d.trials.length === 0 ? (
        <p class="muted">This run has no trial for this case yet.</p>
      ) : (
        <div class="repeats">
          {d.trials.map((t) => (
            <RepeatColumn key={t.repeat} trial={t} />
          ))}
        </div>
      )}
      {d.reviews.length > 0 && (
        <>
          <h2>Reviews</h2>
          <table>
            <thead>
              <tr>
                <th>Repeat</th>
                <th>Grader</th>
                <th>Status</th>
                <th>Label</th>
                <th class="num">Score</th>
                <th>Reviewer</th>
                <th>Comment</th>
              </tr>
            </thead>
            <tbody>
              {d.reviews.map((r) => (
                <tr key={`${r.repeat}-${r.grader}`}>
                  <td>#{r.repeat}</td>
                  <td>{r.grader}</td>
                  <td>{r.status}</td>
                  <td>{r.label ?? '—'}</td>
                  <td class="num">{num(r.score)}</td>
                  <td>{r.reviewer ?? '—'}</td>
                  <td class="reason">{r.comment ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h2>In other runs</h2>
      {d.otherRuns.length === 0 ? (
        <p class="muted">This case appears in no other run in this store.</p>
      ) : (
        <div class="table-wrap">
          <table class="other-runs">
            <thead>
              <tr>
                <th>Run</th>
                <th>Eval</th>
                <th>Started</th>
                <th>Target</th>
                <th>Repeat</th>
                <th>Output</th>
                <th>Scores</th>
              </tr>
            </thead>
            <tbody>
              {d.otherRuns.map((o) => (
                <tr key={`${o.run.runId}-${o.trial.repeat}`}>
                  <td>
                    <Link
                      href={`/runs/${encodeURIComponent(o.run.runId)}/cases/${encodeURIComponent(caseId)}`}
                      class="mono"
                    >
                      {o.run.runId}
                    </Link>
                  </td>
                  <td>{o.run.eval}</td>
                  <td class="nowrap">{date(o.run.startedAt)}</td>
                  <td>{String(o.run.target.model ?? o.run.target.kind)}</td>
                  <td>#{o.trial.repeat}</td>
                  <td class="clip">{o.trial.error ?? asText(outputOf(o.trial)).slice(0, 300)}</td>
                  <td>
                    <ScoreChips scores={o.trial.scores} error={o.trial.error} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
