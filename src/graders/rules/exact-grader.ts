import { z } from 'zod';
import type { Case } from '../../core/types.js';
import type { Grader } from '../grader.js';
import { resolveValue } from '../template.js';
import { parseGraderOptions } from './grader-config.js';
import { describeNormalization, normalizeOptions, normalizeText } from './normalize.js';
import { asText, outputText, preview } from './output-text.js';
import { ruleSchema } from './rule-options.js';

const schema = ruleSchema('exact', {
  value: z.unknown().optional().describe("The expected answer; defaults to the case's `expected`. May be a template."),
  values: z
    .array(z.unknown())
    .min(1, 'must list at least one value')
    .optional()
    .describe('Several acceptable answers: passes when the output matches any of them.'),
  ...normalizeOptions,
});

export type ExactGraderOptions = z.input<typeof schema>;

/** `values`, or `value`; a case whose `expected` is a list of strings accepts any of them. */
function acceptedAnswers(o: { values?: unknown[]; value?: unknown }, testCase: Case, name: string): unknown[] {
  if (o.values !== undefined) return resolveValue(o.values, testCase, name) as unknown[];
  const value = resolveValue(o.value, testCase, name);
  const alternatives =
    o.value === undefined && Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string');
  return alternatives ? value : [value];
}

/**
 * Passes when the output equals the expected answer after normalisation (trimmed by default;
 * optionally ignoring case, extra whitespace and punctuation). A case whose `expected` is a
 * list of strings accepts any of them.
 *
 * @example
 * exactGrader({ value: 'Paris', ignoreCase: true, stripPunctuation: true });
 */
export function exactGrader(options: ExactGraderOptions = {}): Grader {
  const o = parseGraderOptions(schema, options, options.name ?? 'exact');
  const name = o.name ?? 'exact';
  return {
    name,
    kind: 'rule',
    grade(testCase, output) {
      const wanted = acceptedAnswers(o, testCase, name);
      const got = normalizeText(outputText(output), o);
      const match = wanted.find((w) => normalizeText(asText(w), o) === got);
      const how = describeNormalization(o);
      if (match !== undefined) return { value: 1, pass: true, reason: `matches ${preview(asText(match))}${how}` };
      const expected =
        wanted.length === 1
          ? preview(asText(wanted[0]))
          : `one of ${wanted.map((w) => preview(asText(w), 40)).join(', ')}`;
      return { value: 0, pass: false, reason: `expected ${expected}${how}, got: ${preview(outputText(output))}` };
    },
  };
}
