import type { Score, Trajectory, TrajectoryMessage } from '../api.js';
import { ms, num } from '../format.js';
import { MessageContent } from './message-content.js';
import { outcomeOf } from './scores.js';

const STOP_REASONS: { readonly [reason: string]: string } = {
  final_answer: 'ended with a final answer',
  max_steps: 'stopped by the step limit (maxSteps) without a final answer',
  goal_met: 'the simulated user said its goal was met',
  max_turns: 'stopped at maxTurns',
  stop_phrase: 'a reply contained a stop phrase',
  turns_done: 'every scripted turn was played',
  error: 'ended with an error',
};

function args(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2) ?? '';
}

/** The turn a score belongs to: `meta.turn`, or the `@turnN` of its name. */
function turnOf(score: Score): number | undefined {
  const t = score.meta?.turn;
  if (typeof t === 'number') return t;
  const m = /@turn(\d+)$/.exec(score.grader);
  return m ? Number(m[1]) - 1 : undefined;
}

function Event(props: { message: TrajectoryMessage }) {
  const m = props.message;
  const role = ['system', 'user', 'assistant', 'tool'].includes(m.role) ? m.role : 'other';
  const calls = m.toolCalls ?? [];
  const hasText = typeof m.content !== 'string' || m.content !== '';
  return (
    <>
      {(hasText || calls.length === 0) && (
        <div class={`bubble role-${role}${m.error ? ' bad' : ''}`}>
          <div class="bubble-role">
            {m.role === 'tool' ? `tool result · ${m.name ?? m.toolCallId ?? ''}` : m.role}
            {m.latencyMs !== undefined ? ` · ${ms(m.latencyMs)}` : ''}
            {m.error ? ' · error' : ''}
          </div>
          <MessageContent content={m.content} />
        </div>
      )}
      {calls.map((call, i) => (
        <div key={i} class={`bubble role-toolcall${call.argumentsError ? ' bad' : ''}`}>
          <div class="bubble-role">
            tool call · {call.name}
            {call.id ? ` · ${call.id}` : ''}
          </div>
          <pre class="text">{args(call.arguments)}</pre>
          {call.argumentsError && <div class="bad small">malformed arguments: {call.argumentsError}</div>}
        </div>
      ))}
    </>
  );
}

function ScoreLine(props: { scores: readonly Score[] }) {
  return (
    <div class="turn-scores">
      {props.scores.map((s) => (
        <span key={s.grader} class={`chip ${outcomeOf(s)}`} title={s.error ?? s.reason ?? ''}>
          {s.grader} {num(s.value)}
        </span>
      ))}
    </div>
  );
}

/**
 * A conversation or agent run as a timeline: user, assistant, tool call (arguments), tool
 * result, turn by turn, with each turn's scores after it and the trajectory graders that
 * failed (and why) at the end. Everything is rendered as text.
 */
export function Timeline(props: { trajectory: Trajectory; scores: readonly Score[] }) {
  const { trajectory, scores } = props;
  const turns = [...new Set(trajectory.messages.map((m) => m.turn))].sort((a, b) => a - b);
  const perTurn = (t: number) => scores.filter((s) => turnOf(s) === t);
  const whole = scores.filter((s) => turnOf(s) === undefined);
  const failed = whole.filter((s) => outcomeOf(s) === 'fail' || outcomeOf(s) === 'error');
  return (
    <div class="timeline">
      <p class="muted small">
        {trajectory.turns} turn{trajectory.turns === 1 ? '' : 's'} · {trajectory.steps.length} model call
        {trajectory.steps.length === 1 ? '' : 's'} · {STOP_REASONS[trajectory.stopReason] ?? trajectory.stopReason}
      </p>
      {turns.map((t) => (
        <section key={t} class="turn">
          {turns.length > 1 && <div class="turn-head">Turn {t + 1}</div>}
          <div class="chat">
            {trajectory.messages
              .filter((m) => m.turn === t)
              .map((m, i) => (
                <Event key={i} message={m} />
              ))}
          </div>
          {perTurn(t).length > 0 && <ScoreLine scores={perTurn(t)} />}
        </section>
      ))}
      {failed.length > 0 && (
        <div class="trajectory-failures">
          <b>Failed checks</b>
          <ul>
            {failed.map((s) => (
              <li key={s.grader}>
                <span class={`chip ${outcomeOf(s)}`}>{s.grader}</span> {s.error ?? s.reason ?? ''}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
