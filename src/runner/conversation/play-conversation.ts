import type {
  Case,
  MessageContent,
  TargetOutput,
  ToolCall,
  TrajectoryMessage,
  TrajectoryStep,
  TrajectoryStopReason,
} from '../../core/types.js';
import type { AgentSetup } from '../../targets/agent-setup.js';
import { sumUsage } from '../../targets/chat/tool-loop.js';
import type { Target, TargetContext } from '../../targets/target.js';
import { nextUserMove, stopPhraseIn } from './simulated-user.js';

/** One turn as played: what the user said and the target's output for it. */
export interface PlayedTurn {
  readonly index: number;
  readonly user: MessageContent;
  readonly output: TargetOutput;
}

export interface PlayedConversation {
  /** The whole conversation as one output: the last reply's text, every tool call, the trajectory. */
  readonly output: TargetOutput;
  readonly turns: readonly PlayedTurn[];
}

/**
 * Plays a conversation case: each turn's user message (scripted, or written by the simulated
 * user) is added to the history and the target is called with the whole history as its input.
 * A simulated conversation ends when the user says its goal is met, at `maxTurns`, or when a
 * reply contains a stop phrase. A target error in any turn fails the trial, as for one call.
 */
export async function playConversation(
  target: Target,
  testCase: Case,
  ctx: TargetContext,
  agent: AgentSetup | undefined,
): Promise<PlayedConversation> {
  const started = performance.now();
  const prelude: TrajectoryMessage[] = Array.isArray(testCase.input)
    ? (testCase.input as TrajectoryMessage[]).map((m) => ({ ...m, turn: 0 }))
    : typeof testCase.input === 'string' && testCase.input !== ''
      ? [{ role: 'system', content: testCase.input, turn: 0 }]
      : [];
  const history: TrajectoryMessage[] = [...prelude];
  const steps: TrajectoryStep[] = [];
  const calls: ToolCall[] = [];
  const turns: PlayedTurn[] = [];
  const costs: (number | null | undefined)[] = [];
  let cached = true;
  let model: string | undefined;
  const simulated = testCase.simulatedUser;
  const maxTurns = simulated ? simulated.maxTurns : (testCase.turns?.length ?? 0);
  let stopReason: TrajectoryStopReason = simulated ? 'max_turns' : 'turns_done';
  for (let turn = 0; turn < maxTurns; turn++) {
    let user: MessageContent;
    if (simulated) {
      const userModel = simulated.model ? agent?.createUserModel?.(simulated.model) : agent?.userModel;
      if (!userModel) throw new Error(`case '${testCase.id}' has a simulatedUser but no userModel to play it`);
      const move = await nextUserMove({
        model: userModel,
        user: simulated,
        history,
        turn,
        signal: ctx.signal,
        useCache: ctx.useCache,
        cacheVariant: `${ctx.repeat}:user:${turn}`,
      });
      if (move.kind === 'goal_met') {
        stopReason = 'goal_met';
        break;
      }
      user = move.text;
      history.push({ role: 'user', content: user, turn, latencyMs: move.latencyMs });
    } else {
      user = testCase.turns![turn].user;
      history.push({ role: 'user', content: user, turn });
    }
    const output = await target.call({ ...testCase, input: [...history] }, { ...ctx, turn });
    const added: TrajectoryMessage[] = (
      output.messages && output.messages.length > 0
        ? output.messages
        : [{ role: 'assistant' as const, content: output.text ?? '', latencyMs: output.latencyMs }]
    ).map((m) => ({ ...m, turn }));
    history.push(...added);
    steps.push(
      ...(output.trajectory?.steps.map((s) => ({ ...s, turn })) ?? [
        {
          turn,
          latencyMs: output.latencyMs ?? 0,
          ...(output.usage && { usage: output.usage }),
          ...(output.model && { model: output.model }),
        },
      ]),
    );
    calls.push(...(output.toolCalls ?? []));
    costs.push(output.costUsd);
    cached &&= output.cached === true;
    model = output.model ?? model;
    turns.push({ index: turn, user, output });
    if (output.trajectory?.stopReason === 'max_steps') {
      stopReason = 'max_steps';
      break;
    }
    if (simulated && stopPhraseIn(output.text ?? '', simulated.stopPhrases) !== undefined) {
      stopReason = 'stop_phrase';
      break;
    }
  }
  const last = turns[turns.length - 1]?.output;
  const output: TargetOutput = {
    text: last?.text ?? '',
    ...(last?.value !== undefined && { value: last.value }),
    messages: history.slice(prelude.length),
    ...(calls.length > 0 && { toolCalls: calls }),
    trajectory: { messages: history, steps, stopReason, turns: turns.length },
    usage: sumUsage(steps),
    costUsd: costs.some((c) => c === null || c === undefined) ? null : costs.reduce<number>((a, c) => a + (c ?? 0), 0),
    // Wall time of the whole conversation: turns, tool calls and the simulated user's messages.
    latencyMs: Math.round((performance.now() - started) * 10) / 10,
    cached: turns.length > 0 && cached,
    ...(model && { model }),
    meta: { turns: turns.length, stopReason },
  };
  return { output, turns };
}
