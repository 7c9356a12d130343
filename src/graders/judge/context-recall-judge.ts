import { AssayError } from '../../core/errors.js';
import type { Case, TargetOutput } from '../../core/types.js';
import { buildClaimListRequest, parseClaims } from './claim-list.js';
import { requireContext } from './faithfulness-judge.js';
import type { JudgeDefinition } from './judge-definition.js';
import { samplingOf } from './judge-definition.js';
import { contextBlock, expectedText, inputText, section } from './prompt-parts.js';
import { contextRecallJudgeSchema } from './judge-schemas.js';
import { SpecReader } from './spec-reader.js';
import { quoteUntrusted } from './untrusted-text.js';

/**
 * `judge.contextRecall`: did retrieval find what the reference answer needs? The share of the
 * expected answer's statements that the retrieved context supports. Needs `expected`.
 *
 * @example
 * // - type: judge.contextRecall
 * //   threshold: 0.8
 */
export function contextRecallJudge(spec: unknown): JudgeDefinition {
  const r = new SpecReader(spec, 'judge.contextRecall', contextRecallJudgeSchema);
  const threshold = r.number('threshold', { min: 0, max: 1 }) ?? 1;
  r.done('judge.contextRecall takes an optional `threshold` in [0, 1] (default 1).');
  const sampling = samplingOf(spec as { [key: string]: unknown });
  return {
    type: 'judge.contextRecall',
    name: r.name,
    threshold,
    prompt: (testCase: Case, output: TargetOutput) => {
      const expected = expectedText(testCase);
      if (expected === undefined) {
        throw new AssayError(
          'JUDGE_NEEDS_EXPECTED',
          `Grader '${r.name}' (judge.contextRecall) needs an expected answer, and case '${testCase.id}' has none.`,
          {
            hint: 'Add `expected` to the case: context recall checks the reference answer against the retrieved context.',
          },
        );
      }
      return buildClaimListRequest({
        task: 'Split the reference answer into atomic statements. For each, decide whether the retrieved context contains the information needed to state it (attributed: true) or not (attributed: false).',
        verdictField: 'attributed',
        sections: [
          section('Question', quoteUntrusted('input', inputText(testCase))),
          section('Reference answer', quoteUntrusted('reference', expected)),
          section('Retrieved context', contextBlock(requireContext(testCase, output, r.name))),
        ],
        ...sampling,
      });
    },
    interpret: (reply) => {
      const parsed = parseClaims(reply, 'attributed');
      if (parsed.claims.length === 0)
        throw new AssayError(
          'JUDGE_INVALID_REPLY',
          'Judge listed no statements of the reference answer; context recall needs at least one.',
        );
      const missing = parsed.claims.filter((c) => !c.supported).map((c) => c.claim);
      const total = parsed.claims.length;
      const value = (total - missing.length) / total;
      return {
        value,
        pass: value >= threshold,
        reason:
          missing.length === 0
            ? `the context covers all ${total} statements of the reference`
            : `the context misses ${missing.length} of ${total} statements: ${missing.join('; ')}`,
        meta: { statements: parsed.claims, missingStatements: missing, format: parsed.format },
      };
    },
  };
}
