import type { Case, TargetOutput } from '../../core/types.js';
import type { ChatModel } from '../../targets/chat-model.js';
import type { Grader, GraderContext, GraderResult } from '../grader.js';
import type { JudgeDefinition } from './judge-definition.js';
import { rawReply } from './parse-reply.js';
import { outputText } from './prompt-parts.js';
import { withJudgeDeadline } from './judge-deadline.js';
import { detectInjection } from './untrusted-text.js';

/** What `meta.judge` records about the model calls behind one score. */
export interface JudgeCallMeta {
  readonly provider: string;
  readonly model: string;
  readonly calls: number;
  /** Null when any call's price is unknown (never a silent 0). */
  readonly costUsd: number | null;
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number; readonly totalTokens: number };
  readonly cached: boolean;
  readonly latencyMs: number;
}

/** Sums the calls of one score: cost, tokens, latency; cached only when every call was. */
export function callMeta(model: ChatModel, replies: readonly TargetOutput[]): JudgeCallMeta {
  let cost: number | null = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let latencyMs = 0;
  for (const r of replies) {
    cost = cost === null || r.costUsd === null || r.costUsd === undefined ? null : cost + r.costUsd;
    inputTokens += r.usage?.inputTokens ?? 0;
    outputTokens += r.usage?.outputTokens ?? 0;
    latencyMs += r.latencyMs ?? 0;
  }
  return {
    provider: model.provider,
    model: model.model,
    calls: replies.length,
    costUsd: cost,
    usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
    cached: replies.length > 0 && replies.every((r) => r.cached === true),
    latencyMs,
  };
}

/** Adds the raw reply, call metadata and any prompt-injection flag to a judge's result. */
export function withJudgeMeta(
  result: GraderResult,
  model: ChatModel,
  replies: readonly TargetOutput[],
  output: TargetOutput,
): GraderResult {
  const injection = detectInjection(outputText(output));
  const raw = replies.map(rawReply);
  return {
    ...result,
    ...(injection.flagged && {
      reason: `${result.reason ?? ''}${result.reason ? ' ' : ''}[flagged: the output contains instructions to the grader]`,
    }),
    meta: {
      ...result.meta,
      raw: raw.length === 1 ? raw[0] : raw,
      judge: callMeta(model, replies),
      ...(injection.flagged && { injection }),
    },
  };
}

/**
 * Keeps what a failed judge saw with its error score (runGrader stores the error's `meta`): every
 * raw reply that arrived, what the calls cost, and any injection flag on the output.
 */
export function withFailedCallMeta(
  error: unknown,
  model: ChatModel,
  replies: readonly TargetOutput[],
  output: TargetOutput,
): unknown {
  const raw = replies.map(rawReply);
  const injection = detectInjection(outputText(output));
  const meta = {
    raw: raw.length === 1 ? raw[0] : raw,
    judge: callMeta(model, replies),
    ...(injection.flagged && { injection }),
  };
  const target = error !== null && typeof error === 'object' ? error : new Error(String(error));
  return Object.assign(target, { meta });
}

/**
 * Turns a judge definition and a model into a `Grader`: one chat call per trial, the reply
 * read by the definition, the raw reply, cost and usage kept in `meta`.
 *
 * @example
 * const grader = createJudgeGrader(classifyJudge(spec), createChatModel(modelSpec, env));
 */
export function createJudgeGrader(definition: JudgeDefinition, model: ChatModel): Grader {
  return {
    name: definition.name,
    kind: 'judge',
    threshold: definition.threshold,
    async grade(testCase: Case, output: TargetOutput, ctx: GraderContext): Promise<GraderResult> {
      const request = definition.prompt(testCase, output);
      const reply = await withJudgeDeadline(definition.name, ctx, (signal) =>
        model.chat(request, { signal, useCache: ctx.useCache }),
      );
      try {
        return withJudgeMeta(definition.interpret(reply, testCase, output), model, [reply], output);
      } catch (error) {
        throw withFailedCallMeta(error, model, [reply], output);
      }
    },
  };
}
