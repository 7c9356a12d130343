import type { Case, TargetOutput, ToolCall, TrajectoryMessage } from '../../core/types.js';
import type { Toolbox } from '../tools/toolbox.js';

/**
 * The tools as a function target gets them: the toolbox plus `call(name, args)`, which runs
 * one tool and returns its result (throwing when the tool failed). Every call is recorded, so
 * a function that returns only its answer still gets a trajectory with its tool calls.
 *
 * @example
 * export default async function agent(testCase, ctx) {
 *   const order = await ctx.tools.call('lookup_order', { id: 'A-1' });
 *   return `Your order is ${order.status}.`;
 * }
 */
export interface AgentTools extends Toolbox {
  call(name: string, args: unknown): Promise<unknown>;
}

/** A recording wrapper over a toolbox for one function-target call. */
export function recordingTools(
  toolbox: Toolbox,
  testCase: Case,
  signal: AbortSignal,
  turn: number,
): { tools: AgentTools; recorded: () => { calls: ToolCall[]; messages: TrajectoryMessage[] } } {
  const calls: ToolCall[] = [];
  const messages: TrajectoryMessage[] = [];
  const tools: AgentTools = {
    definitions: toolbox.definitions,
    run: (call, context) => toolbox.run(call, context),
    async call(name, args) {
      const call: ToolCall = { id: `call_${turn}_${calls.length}`, name, arguments: args ?? {} };
      calls.push(call);
      const result = await toolbox.run(call, { testCase, signal });
      messages.push({ role: 'assistant', content: '', toolCalls: [call], turn });
      messages.push({
        role: 'tool',
        toolCallId: call.id,
        name,
        content: result.content,
        turn,
        latencyMs: result.latencyMs,
        ...(result.error !== undefined && { error: result.error }),
      });
      if (result.error !== undefined) throw new Error(result.error);
      return result.value;
    },
  };
  return { tools, recorded: () => ({ calls, messages }) };
}

/**
 * The function's output with the recorded tool calls added where it gave none: `toolCalls`,
 * the new `messages` (each call, its result, then the answer) and a `trajectory`.
 */
export function withRecordedTools(
  output: TargetOutput,
  recorded: { calls: ToolCall[]; messages: TrajectoryMessage[] },
  testCase: Case,
  turn: number,
): TargetOutput {
  if (recorded.calls.length === 0 || output.trajectory || output.toolCalls) return output;
  const answer: TrajectoryMessage = { role: 'assistant', content: output.text ?? '', turn };
  const added = [...recorded.messages, answer];
  const sent: TrajectoryMessage[] = Array.isArray(testCase.input)
    ? (testCase.input as TrajectoryMessage[]).map((m) => ({ ...m, turn: m.turn ?? turn }))
    : [
        {
          role: 'user',
          content: typeof testCase.input === 'string' ? testCase.input : JSON.stringify(testCase.input),
          turn,
        },
      ];
  return {
    ...output,
    toolCalls: recorded.calls,
    messages: added,
    trajectory: {
      messages: [...sent, ...added],
      steps: added.filter((m) => m.role === 'assistant').map(() => ({ turn, latencyMs: 0 })),
      stopReason: 'final_answer',
      turns: 1,
    },
  };
}
