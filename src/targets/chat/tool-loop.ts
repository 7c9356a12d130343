import type {
  Case,
  ChatMessage,
  TargetOutput,
  TokenUsage,
  ToolCall,
  TrajectoryMessage,
  TrajectoryStep,
} from '../../core/types.js';
import type { ChatCallOptions, ChatModel } from '../chat-model.js';
import type { Toolbox } from '../tools/toolbox.js';

export interface ToolLoopInput {
  readonly model: ChatModel;
  /** The conversation so far, as sent to the model. */
  readonly messages: readonly ChatMessage[];
  readonly tools: Toolbox;
  readonly maxSteps: number;
  readonly testCase: Case;
  readonly turn: number;
  readonly call: ChatCallOptions;
}

/**
 * Runs the tool-calling loop of one turn: call the model with the tools; while it asks for
 * tools, run each call and send the results back; stop at a reply without tool calls
 * (`final_answer`) or after `maxSteps` model calls (`max_steps`). Malformed arguments, unknown
 * tools and tools that throw come back to the model as error results and are kept in the
 * trajectory; they never end the trial.
 *
 * The output's `messages` are the new messages (assistant replies and tool results); its
 * `trajectory` holds the whole exchange, including what was sent in.
 */
export async function runToolLoop(input: ToolLoopInput): Promise<TargetOutput> {
  const added: TrajectoryMessage[] = [];
  const steps: TrajectoryStep[] = [];
  const calls: ToolCall[] = [];
  const costs: (number | null | undefined)[] = [];
  let cached = true;
  let model: string | undefined;
  let finalText = '';
  let stopReason: 'final_answer' | 'max_steps' = 'max_steps';
  for (let step = 0; step < input.maxSteps; step++) {
    const reply = await input.model.chat(
      { messages: [...input.messages, ...added], tools: input.tools.definitions },
      { ...input.call, cacheVariant: `${input.call.cacheVariant ?? ''}:t${input.turn}:s${step}` },
    );
    const latencyMs = reply.latencyMs ?? 0;
    model = reply.model ?? model;
    cached &&= reply.cached === true;
    costs.push(reply.costUsd);
    steps.push({ turn: input.turn, latencyMs, ...(reply.usage && { usage: reply.usage }), ...(model && { model }) });
    const stepCalls = (reply.toolCalls ?? []).map((c, i) => ({ ...c, id: c.id ?? `call_${input.turn}_${step}_${i}` }));
    finalText = reply.text ?? '';
    added.push({
      role: 'assistant',
      content: finalText,
      ...(stepCalls.length > 0 && { toolCalls: stepCalls }),
      turn: input.turn,
      latencyMs,
    });
    if (stepCalls.length === 0) {
      stopReason = 'final_answer';
      break;
    }
    for (const call of stepCalls) {
      calls.push(call);
      const result = await input.tools.run(call, { testCase: input.testCase, signal: input.call.signal });
      added.push({
        role: 'tool',
        toolCallId: call.id,
        name: call.name,
        content: result.content,
        turn: input.turn,
        latencyMs: result.latencyMs,
        ...(result.error !== undefined && { error: result.error }),
      });
    }
  }
  const sent: TrajectoryMessage[] = input.messages.map((m) => ({ ...m, turn: input.turn }));
  return {
    // Why empty after max_steps: the model never gave an answer; graders must not read a half-step as one.
    text: stopReason === 'final_answer' ? finalText : '',
    messages: added,
    ...(calls.length > 0 && { toolCalls: calls }),
    trajectory: { messages: [...sent, ...added], steps, stopReason, turns: 1 },
    usage: sumUsage(steps),
    costUsd: costs.some((c) => c === null || c === undefined) ? null : costs.reduce<number>((a, c) => a + (c ?? 0), 0),
    latencyMs: Math.round(steps.reduce((a, s) => a + s.latencyMs, 0) * 10) / 10,
    cached,
    ...(model && { model }),
    meta: { steps: steps.length, stopReason },
  };
}

/** Token usage summed over steps; a count no step reported stays unknown. */
export function sumUsage(steps: readonly { readonly usage?: TokenUsage }[]): TokenUsage | undefined {
  const sum = (key: keyof TokenUsage) => {
    const known = steps.map((s) => s.usage?.[key]).filter((v): v is number => typeof v === 'number');
    return known.length === 0 ? undefined : known.reduce((a, v) => a + v, 0);
  };
  const usage = { inputTokens: sum('inputTokens'), outputTokens: sum('outputTokens'), totalTokens: sum('totalTokens') };
  return Object.values(usage).every((v) => v === undefined) ? undefined : usage;
}
