import { num } from '../format.js';

export interface ScoreLike {
  readonly grader: string;
  readonly value: number | null;
  readonly pass?: boolean;
  readonly label?: string;
  readonly error?: string;
  readonly pending?: boolean;
}

export function outcomeOf(s: ScoreLike): 'pass' | 'fail' | 'error' | 'pending' {
  if (s.error) return 'error';
  if (s.pending) return 'pending';
  if (s.pass === undefined) return (s.value ?? 0) >= 0.5 ? 'pass' : 'fail';
  return s.pass ? 'pass' : 'fail';
}

/** One chip per grader: pass / fail / error / pending, with the value on hover. */
export function ScoreChips(props: { scores: readonly ScoreLike[]; error?: string | null }) {
  if (props.error)
    return (
      <span class="chip error" title={props.error}>
        target error
      </span>
    );
  return (
    <span class="chips">
      {props.scores.map((s) => {
        const o = outcomeOf(s);
        return (
          <span key={s.grader} class={`chip ${o}`} title={`${s.grader}: ${s.error ?? s.label ?? num(s.value)}`}>
            {s.grader} {o === 'pass' ? '✓' : o === 'fail' ? '✗' : o === 'error' ? '!' : '…'}
          </span>
        );
      })}
    </span>
  );
}
