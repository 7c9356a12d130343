import type { Case, TargetOutput } from '../../core/types.js';
import type { JudgeChoice } from './choice-prompt.js';
import { buildChoiceRequest, interpretChoice } from './choice-prompt.js';
import type { JudgeDefinition } from './judge-definition.js';
import { samplingOf } from './judge-definition.js';
import { inputText, outputText, section } from './prompt-parts.js';
import { answerRelevanceJudgeSchema } from './judge-schemas.js';
import { SpecReader } from './spec-reader.js';
import { quoteUntrusted } from './untrusted-text.js';

export const RELEVANCE_CHOICES: readonly JudgeChoice[] = [
  { label: 'relevant', score: 1, description: 'the output directly addresses the question asked' },
  {
    label: 'partially-relevant',
    score: 0.5,
    description: 'the output addresses part of the question, or mostly talks about something else',
  },
  {
    label: 'irrelevant',
    score: 0,
    description: 'the output does not address the question (an evasive or off-topic answer)',
  },
];

/**
 * `judge.answerRelevance`: does the answer address the question? Correctness is not judged here
 * (see `judge.faithfulness` and `judge.factuality`).
 *
 * @example
 * // - type: judge.answerRelevance
 */
export function answerRelevanceJudge(spec: unknown): JudgeDefinition {
  const r = new SpecReader(spec, 'judge.answerRelevance', answerRelevanceJudgeSchema);
  const threshold = r.number('threshold', { min: 0, max: 1 }) ?? 1;
  r.done(
    'judge.answerRelevance takes an optional `threshold` in [0, 1] (default 1: only fully relevant answers pass).',
  );
  const sampling = samplingOf(spec as { [key: string]: unknown });
  return {
    type: 'judge.answerRelevance',
    name: r.name,
    threshold,
    prompt: (testCase: Case, output: TargetOutput) =>
      buildChoiceRequest({
        task: 'Decide whether the output answers the question that was asked. Do not judge whether it is true; judge only whether it addresses the question. A refusal or "I don\'t know" without a reason is not relevant.',
        choices: RELEVANCE_CHOICES,
        sections: [
          section('Question', quoteUntrusted('input', inputText(testCase))),
          section('Output to evaluate', quoteUntrusted('output', outputText(output))),
        ],
        ...sampling,
      }),
    interpret: (reply) => interpretChoice(reply, RELEVANCE_CHOICES, threshold),
  };
}
