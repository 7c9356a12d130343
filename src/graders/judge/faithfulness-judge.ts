import { AssayError } from '../../core/errors.js';
import type { Case, TargetOutput } from '../../core/types.js';
import { buildClaimListRequest, parseClaims } from './claim-list.js';
import type { JudgeDefinition } from './judge-definition.js';
import { samplingOf } from './judge-definition.js';
import { contextBlock, contextPassages, inputText, outputText, section } from './prompt-parts.js';
import { faithfulnessJudgeSchema } from './judge-schemas.js';
import { SpecReader } from './spec-reader.js';
import { quoteUntrusted } from './untrusted-text.js';

/**
 * `judge.faithfulness`: is every claim of the answer supported by the retrieved context? The
 * score is the share of supported claims; `meta.unsupportedClaims` lists the others. The
 * context is `output.context`, else `context` in the case input or expected value.
 *
 * @example
 * // - type: judge.faithfulness
 * //   threshold: 1   # default: one unsupported claim fails the trial
 */
export function faithfulnessJudge(spec: unknown): JudgeDefinition {
  const r = new SpecReader(spec, 'judge.faithfulness', faithfulnessJudgeSchema);
  const threshold = r.number('threshold', { min: 0, max: 1 }) ?? 1;
  r.done('judge.faithfulness takes an optional `threshold` in [0, 1] (default 1).');
  const sampling = samplingOf(spec as { [key: string]: unknown });
  return {
    type: 'judge.faithfulness',
    name: r.name,
    threshold,
    prompt: (testCase: Case, output: TargetOutput) =>
      buildClaimListRequest({
        task: [
          'Split the answer into atomic factual claims. For each claim decide whether the retrieved context supports it:',
          'true only when the context states it or it follows directly from the context; general knowledge does not count.',
          'An answer with no factual claims (for example a plain "I don\'t know") gives an empty list.',
        ].join(' '),
        verdictField: 'supported',
        sections: [
          section('Question', quoteUntrusted('input', inputText(testCase))),
          section('Retrieved context', contextBlock(requireContext(testCase, output, r.name))),
          section('Answer to check', quoteUntrusted('output', outputText(output))),
        ],
        ...sampling,
      }),
    interpret: (reply) => {
      const parsed = parseClaims(reply, 'supported');
      const unsupported = parsed.claims.filter((c) => !c.supported).map((c) => c.claim);
      const total = parsed.claims.length;
      const value = total === 0 ? 1 : (total - unsupported.length) / total;
      const reason =
        total === 0
          ? 'the answer makes no factual claims'
          : unsupported.length === 0
            ? `all ${total} claims are supported by the context`
            : `${unsupported.length} of ${total} claims are not supported: ${unsupported.join('; ')}`;
      return {
        value,
        pass: value >= threshold,
        reason,
        meta: {
          claims: parsed.claims,
          unsupportedClaims: unsupported,
          format: parsed.format,
          ...(parsed.reasoning !== undefined && { reasoning: parsed.reasoning }),
        },
      };
    },
  };
}

export function requireContext(testCase: Case, output: TargetOutput, graderName: string): readonly string[] {
  const passages = contextPassages(testCase, output);
  if (passages === undefined) {
    throw new AssayError(
      'JUDGE_NEEDS_CONTEXT',
      `Grader '${graderName}' needs the retrieved context, and case '${testCase.id}' has none.`,
      {
        hint: 'Return `context: string[]` from the target, or put `context` in the case input.',
      },
    );
  }
  return passages;
}
