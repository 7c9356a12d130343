import { AssayError } from '../../core/errors.js';
import type { Case, TargetOutput } from '../../core/types.js';
import type { ChatCallOptions, ChatModel, ChatRequest } from '../../targets/chat-model.js';
import type { Grader, GraderContext, GraderResult } from '../grader.js';
import type { JudgeChoice } from './choice-prompt.js';
import { buildChoiceRequest } from './choice-prompt.js';
import { withFailedCallMeta, withJudgeMeta } from './create-judge-grader.js';
import { withJudgeDeadline } from './judge-deadline.js';
import { samplingOf } from './judge-definition.js';
import { parseChoice } from './parse-reply.js';
import { expectedText, inputText, outputText, section } from './prompt-parts.js';
import { pairwiseJudgeSchema } from './judge-schemas.js';
import { SpecReader } from './spec-reader.js';
import { quoteUntrusted } from './untrusted-text.js';

export type PairWinner = 'baseline' | 'candidate' | 'tie';

/** The verdict on one pair, judged in both orders. */
export interface PairVerdict {
  readonly winner: PairWinner;
  /** True when the two orders gave the same verdict (a win both times, or a tie both times). */
  readonly consistent: boolean;
  /** The verdict with the baseline shown first, then with the candidate shown first. */
  readonly orders: readonly [PairWinner, PairWinner];
  readonly reasoning: readonly [string | undefined, string | undefined];
  readonly replies: readonly [TargetOutput, TargetOutput];
}

const CHOICES: readonly JudgeChoice[] = [
  { label: 'A', score: 1, description: 'response A is better' },
  { label: 'B', score: 0, description: 'response B is better' },
  { label: 'tie', score: 0.5, description: 'neither is clearly better' },
];

/** A pairwise judge: its prompt for one ordering, and how to judge a pair in both orders. */
export interface PairwiseDefinition {
  readonly type: 'judge.pairwise';
  readonly name: string;
  readonly threshold: number;
  prompt(testCase: Case, first: string, second: string): ChatRequest;
  judgePair(
    model: ChatModel,
    testCase: Case,
    baseline: string,
    candidate: string,
    options: ChatCallOptions,
  ): Promise<PairVerdict>;
}

/**
 * `judge.pairwise`: which of two responses to the same input is better. Each pair is judged
 * twice with the positions swapped; a win counts only when both orders agree, otherwise it is
 * a tie (position bias cancels out). As a grader in a run it compares the output with the
 * case's expected answer as the baseline: 1 = output wins, 0.5 = tie, 0 = loses.
 *
 * @example
 * // - type: judge.pairwise
 * //   name: preference
 * //   criteria: Which answer is more helpful and accurate?
 */
export function pairwiseJudge(spec: unknown): PairwiseDefinition {
  const r = new SpecReader(spec, 'judge.pairwise', pairwiseJudgeSchema);
  const criteria =
    r.string('criteria') ??
    'Which response answers the input better: more correct, more helpful, clearer? Length alone is not a merit.';
  const threshold = r.number('threshold', { min: 0, max: 1 }) ?? 0.5;
  r.done('judge.pairwise takes optional `criteria` (text) and `threshold` in [0, 1].');
  const sampling = samplingOf(spec as { [key: string]: unknown });
  const prompt = (testCase: Case, first: string, second: string): ChatRequest =>
    buildChoiceRequest({
      task: `${criteria}\nCompare response A with response B. Their order is arbitrary: do not prefer a response for its position.`,
      choices: CHOICES,
      sections: [
        section('Input given to the AI systems', quoteUntrusted('input', inputText(testCase))),
        section('Response A', quoteUntrusted('response_a', first)),
        section('Response B', quoteUntrusted('response_b', second)),
      ],
      ...sampling,
    });
  return {
    type: 'judge.pairwise',
    name: r.name,
    threshold,
    prompt,
    async judgePair(model, testCase, baseline, candidate, options) {
      const settled = await Promise.allSettled([
        model.chat(prompt(testCase, baseline, candidate), options),
        model.chat(prompt(testCase, candidate, baseline), options),
      ]);
      const replies = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      try {
        const [first, second] = settled.map((s) => {
          if (s.status === 'rejected') throw s.reason;
          return s.value;
        });
        const a = parseChoice(
          first,
          CHOICES.map((c) => c.label),
        );
        const b = parseChoice(
          second,
          CHOICES.map((c) => c.label),
        );
        const orders: [PairWinner, PairWinner] = [
          a.choice === 'A' ? 'baseline' : a.choice === 'B' ? 'candidate' : 'tie',
          b.choice === 'A' ? 'candidate' : b.choice === 'B' ? 'baseline' : 'tie',
        ];
        const consistent = orders[0] === orders[1];
        return {
          winner: consistent ? orders[0] : 'tie',
          consistent,
          orders,
          reasoning: [a.reasoning, b.reasoning],
          replies: [first, second],
        };
      } catch (error) {
        // Both replies (the readable one too) and what they cost stay with the error.
        throw withFailedCallMeta(error, model, replies, { text: candidate });
      }
    },
  };
}

const VALUE: Readonly<Record<PairWinner, number>> = { candidate: 1, tie: 0.5, baseline: 0 };

/** The `judge.pairwise` grader for runs: the output against the case's expected answer. */
export function createPairwiseGrader(definition: PairwiseDefinition, model: ChatModel): Grader {
  return {
    name: definition.name,
    kind: 'judge',
    threshold: definition.threshold,
    async grade(testCase: Case, output: TargetOutput, ctx: GraderContext): Promise<GraderResult> {
      const baseline = expectedText(testCase);
      if (baseline === undefined) {
        throw new AssayError(
          'JUDGE_NEEDS_EXPECTED',
          `Grader '${definition.name}' (judge.pairwise) compares the output with the case's expected answer, and case '${testCase.id}' has none.`,
          {
            hint: 'Add `expected` to the case, or compare two runs with `assay compare <baseline> <candidate> --pairwise <grader>`.',
          },
        );
      }
      const verdict = await withJudgeDeadline(definition.name, ctx, (signal) =>
        definition.judgePair(model, testCase, baseline, outputText(output), { signal, useCache: ctx.useCache }),
      );
      const value = VALUE[verdict.winner];
      const result: GraderResult = {
        value,
        // A tie forced by a position-inconsistent judge says nothing about the output, so it
        // never passes (else a judge that always picks "A" would pass every case).
        pass: value >= definition.threshold && verdict.consistent,
        label: verdict.winner === 'candidate' ? 'win' : verdict.winner === 'baseline' ? 'loss' : 'tie',
        reason: verdict.consistent
          ? `both orders agree: ${verdict.winner === 'tie' ? 'tie' : `${verdict.winner} is better`}`
          : `the orders disagree (${verdict.orders.join(' / ')}): counted as a tie`,
        meta: { orders: verdict.orders, positionConsistent: verdict.consistent, reasoning: verdict.reasoning },
      };
      return withJudgeMeta(result, model, verdict.replies, output);
    },
  };
}
