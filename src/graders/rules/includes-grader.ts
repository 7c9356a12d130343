import { z } from 'zod';
import type { Grader } from '../grader.js';
import { resolveValue } from '../template.js';
import { parseGraderOptions } from './grader-config.js';
import { describeNormalization, normalizeOptions, normalizeText } from './normalize.js';
import { asText, outputText, preview } from './output-text.js';
import { ruleSchema } from './rule-options.js';

const schema = ruleSchema('includes', {
  value: z
    .unknown()
    .optional()
    .describe("The text that must appear; defaults to the case's `expected`. May be a template."),
  ...normalizeOptions,
});

export type IncludesGraderOptions = z.input<typeof schema>;

/**
 * Passes when the output contains the value (optionally ignoring case, whitespace runs and
 * punctuation on both sides).
 *
 * @example
 * includesGrader({ value: 'refund', ignoreCase: true });
 */
export function includesGrader(options: IncludesGraderOptions = {}): Grader {
  const o = parseGraderOptions(schema, options, options.name ?? 'includes');
  const name = o.name ?? 'includes';
  return {
    name,
    kind: 'rule',
    grade(testCase, output) {
      const resolved = resolveValue(o.value, testCase, name);
      if (Array.isArray(resolved)) {
        throw new Error(
          `the value to look for is a list (${preview(resolved, 40)}); use type includes-all or includes-any for lists`,
        );
      }
      const needle = asText(resolved);
      const text = outputText(output);
      const found = normalizeText(text, o).includes(normalizeText(needle, o));
      return found
        ? { value: 1, pass: true, reason: `includes ${preview(needle)}${describeNormalization(o)}` }
        : {
            value: 0,
            pass: false,
            reason: `expected to include ${preview(needle)}${describeNormalization(o)}, got: ${preview(text)}`,
          };
    },
  };
}
