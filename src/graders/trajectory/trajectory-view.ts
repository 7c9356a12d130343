import { contentText } from '../../core/content-parts.js';
import type { TargetOutput, ToolCall } from '../../core/types.js';

/** A tool call with its place in the trajectory (0-based, in call order). */
export interface PlacedCall extends ToolCall {
  readonly index: number;
}

/** Every tool call of an output, in order: from its trajectory, else its `toolCalls`. */
export function toolCallsOf(output: TargetOutput): PlacedCall[] {
  const fromTrajectory = output.trajectory?.messages.flatMap((m) =>
    m.role === 'assistant' ? (m.toolCalls ?? []) : [],
  );
  const calls = fromTrajectory && fromTrajectory.length > 0 ? fromTrajectory : (output.toolCalls ?? []);
  return calls.map((c, index) => ({ ...c, index }));
}

/** Model calls made: the trajectory's steps, else 1 for an output without one. */
export function stepCountOf(output: TargetOutput): number {
  return output.trajectory?.steps.length ?? 1;
}

/** The last assistant message's text: the final answer. */
export function finalAnswerOf(output: TargetOutput): string {
  const messages = output.trajectory?.messages ?? output.messages ?? [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role === 'assistant' && !(m.toolCalls && m.toolCalls.length > 0)) return contentText(m.content);
  }
  return output.text ?? '';
}

/** `lookup_order({"id":"A-1"})`, cut for a reason. */
export function describeCall(call: ToolCall): string {
  const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
  const text = `${call.name}(${args ?? ''})`;
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/** The malformed calls, as an error a grader throws: its score is an error, never a pass or a 0. */
export function malformedCallsError(calls: readonly PlacedCall[]): Error | undefined {
  const bad = calls.filter((c) => c.argumentsError !== undefined);
  if (bad.length === 0) return undefined;
  const first = bad[0];
  return new Error(
    `the model sent malformed arguments for ${first.name} (call ${first.index + 1}): ${first.argumentsError}` +
      (bad.length > 1 ? ` (and ${bad.length - 1} more)` : ''),
  );
}
