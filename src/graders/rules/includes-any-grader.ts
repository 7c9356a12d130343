import { z } from 'zod';
import type { Grader } from '../grader.js';
import { parseGraderOptions } from './grader-config.js';
import { partitionNeedles, resolveNeedles } from './includes-many.js';
import { describeNormalization, normalizeOptions } from './normalize.js';
import { outputText, preview } from './output-text.js';
import { ruleSchema } from './rule-options.js';

const schema = ruleSchema('includes-any', {
  values: z
    .array(z.unknown())
    .min(1, 'must list at least one value')
    .optional()
    .describe("Texts of which at least one must appear; default: `value`, or the case's `expected`."),
  value: z.unknown().optional().describe('A single text or list, as `values` (either may be given)'),
  ...normalizeOptions,
});

export type IncludesAnyGraderOptions = z.input<typeof schema>;

/**
 * Passes when the output contains at least one of the values.
 *
 * @example
 * includesAnyGrader({ values: ['sorry', 'apologise', 'apologize'], ignoreCase: true });
 */
export function includesAnyGrader(options: IncludesAnyGraderOptions = {}): Grader {
  const o = parseGraderOptions(schema, options, options.name ?? 'includes-any');
  const name = o.name ?? 'includes-any';
  return {
    name,
    kind: 'rule',
    grade(testCase, output) {
      const needles = resolveNeedles(o, testCase, name);
      const text = outputText(output);
      const { found } = partitionNeedles(text, needles, o);
      if (found.length > 0)
        return {
          value: 1,
          pass: true,
          reason: `includes ${found.map((n) => preview(n, 30)).join(', ')}${describeNormalization(o)}`,
        };
      return {
        value: 0,
        pass: false,
        reason: `expected to include any of ${needles.map((n) => preview(n, 30)).join(', ')}${describeNormalization(o)}, got: ${preview(text)}`,
      };
    },
  };
}
