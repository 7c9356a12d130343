import { contentText } from '../../core/content-parts.js';
import type { Case, ChatMessage, TargetOutput, TrajectoryMessage } from '../../core/types.js';
import type { Grader, GraderResult } from '../grader.js';
import { createJudgeGrader } from './create-judge-grader.js';
import type { JudgeGraderSpec } from './judge-graders.js';
import { createJudgeModel, type JudgeEnvironment } from './judge-model.js';
import { rubricJudge } from './rubric-judge.js';
import { conversationJudgeSchema } from './judge-schemas.js';
import { SpecReader } from './spec-reader.js';

/**
 * `judge.conversation`: a rubric judge over a whole transcript — user turns, assistant
 * replies, tool calls with their arguments and tool results. `per: overall` (default) rates the
 * conversation once; `per: turn` rates each assistant reply given the history before it, and
 * the score is their mean, passing when every turn passes (`meta.turns` has each verdict).
 *
 * @example
 * // - type: judge.conversation
 * //   rubric: Did the agent resolve the customer's problem politely and without needless steps?
 * //   scale: 5
 * //   passLevel: 4
 * //   per: turn
 */
export async function createConversationJudge(spec: JudgeGraderSpec, environment: JudgeEnvironment): Promise<Grader> {
  const r = new SpecReader(spec, 'judge.conversation', conversationJudgeSchema);
  const rubric = r.string('rubric', { required: true });
  const perRaw = r.string('per') ?? 'overall';
  if (perRaw !== 'overall' && perRaw !== 'turn') r.issue('per', `must be overall or turn, got '${perRaw}'`);
  for (const key of ['scale', 'anchors', 'passLevel', 'threshold', 'judge']) r.raw(key);
  r.done('Give judge.conversation a `rubric`, and optionally `per: turn`, `scale`, `anchors`, `passLevel`.');
  const { rubric: _rubric, per: _per, type: _type, ...rest } = spec as Record<string, unknown>;
  const criteria =
    perRaw === 'turn'
      ? `${rubric}\nThe input is the conversation so far (a transcript); the output is the assistant's next reply, with any tool calls it made.`
      : `${rubric}\nThe output is the whole conversation: a transcript of user turns, assistant replies, tool calls and tool results.`;
  const definition = rubricJudge({ ...rest, type: 'judge.rubric', name: r.name, criteria });
  const model = createJudgeModel(spec.judge, environment, r.name);
  const inner = createJudgeGrader(definition, model);
  const grader: Grader = {
    name: r.name,
    kind: 'judge',
    scope: 'conversation',
    threshold: definition.threshold,
    async grade(testCase, output, ctx) {
      const messages = transcriptOf(testCase, output);
      if (perRaw === 'overall') {
        const overall: Case = { ...testCase, input: '' };
        return inner.grade(overall, { text: renderTranscript(messages) }, ctx);
      }
      return gradePerTurn(inner, testCase, messages, ctx);
    },
  };
  return grader;
}

async function gradePerTurn(
  inner: Grader,
  testCase: Case,
  messages: readonly TrajectoryMessage[],
  ctx: Parameters<Grader['grade']>[2],
): Promise<GraderResult> {
  const turns = [...new Set(messages.filter((m) => m.role === 'assistant').map((m) => m.turn))];
  if (turns.length === 0) throw new Error('the conversation has no assistant reply to judge');
  const verdicts: { turn: number; value: number; pass: boolean; reason?: string }[] = [];
  for (const turn of turns) {
    const before = messages.filter((m) => m.turn < turn || (m.turn === turn && m.role === 'user'));
    const reply = messages.filter((m) => m.turn === turn && m.role !== 'user');
    const result = await inner.grade(
      { ...testCase, input: renderTranscript(before) },
      { text: renderTranscript(reply) },
      ctx,
    );
    const pass = result.pass ?? result.value >= (inner.threshold ?? 0.5);
    verdicts.push({ turn, value: result.value, pass, ...(result.reason && { reason: result.reason }) });
  }
  const failed = verdicts.filter((v) => !v.pass).map((v) => v.turn + 1);
  return {
    value: verdicts.reduce((a, v) => a + v.value, 0) / verdicts.length,
    pass: failed.length === 0,
    reason:
      failed.length === 0
        ? `every turn passed (${verdicts.length})`
        : `failed at turn ${failed.join(', ')}: ${verdicts.find((v) => !v.pass)?.reason ?? ''}`,
    meta: { turns: verdicts },
  };
}

/** The transcript to judge: the trajectory, else the input messages and the reply. */
function transcriptOf(testCase: Case, output: TargetOutput): TrajectoryMessage[] {
  if (output.trajectory) return [...output.trajectory.messages];
  const input: ChatMessage[] = Array.isArray(testCase.input)
    ? (testCase.input as ChatMessage[])
    : [{ role: 'user', content: typeof testCase.input === 'string' ? testCase.input : JSON.stringify(testCase.input) }];
  return [...input, ...(output.messages ?? [{ role: 'assistant' as const, content: output.text ?? '' }])].map((m) => ({
    ...m,
    turn: 0,
  }));
}

/** One line per event: `user: …`, `assistant: …`, `assistant calls lookup_order({…})`, `tool lookup_order returned: …`. */
export function renderTranscript(messages: readonly ChatMessage[]): string {
  const lines: string[] = [];
  for (const m of messages) {
    const text = contentText(m.content);
    if (m.role === 'tool') {
      lines.push(`tool ${m.name ?? m.toolCallId ?? ''} returned: ${text}`);
      continue;
    }
    if (text !== '' || !m.toolCalls?.length) lines.push(`${m.role}: ${text}`);
    for (const call of m.toolCalls ?? []) {
      const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
      lines.push(`${m.role} calls ${call.name}(${args ?? ''})`);
    }
  }
  return lines.join('\n');
}
