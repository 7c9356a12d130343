import { z } from 'zod';
import type { Grader } from '../grader.js';
import { parseGraderOptions } from './grader-config.js';
import { partitionNeedles, resolveNeedles } from './includes-many.js';
import { describeNormalization, normalizeOptions } from './normalize.js';
import { outputText, preview } from './output-text.js';
import { ruleSchema } from './rule-options.js';

const schema = ruleSchema('includes-all', {
  values: z
    .array(z.unknown())
    .min(1, 'must list at least one value')
    .optional()
    .describe("Texts that must all appear; default: `value`, or the case's `expected` (string or list)."),
  value: z.unknown().optional().describe('A single text or list, as `values` (either may be given)'),
  ...normalizeOptions,
});

export type IncludesAllGraderOptions = z.input<typeof schema>;

/**
 * Scores the share of the values the output contains; passes only when it contains all.
 *
 * @example
 * includesAllGrader({ values: ['refund', '30 days'], ignoreCase: true });
 */
export function includesAllGrader(options: IncludesAllGraderOptions = {}): Grader {
  const o = parseGraderOptions(schema, options, options.name ?? 'includes-all');
  const name = o.name ?? 'includes-all';
  return {
    name,
    kind: 'rule',
    grade(testCase, output) {
      const needles = resolveNeedles(o, testCase, name);
      const text = outputText(output);
      const { found, missing } = partitionNeedles(text, needles, o);
      const value = found.length / needles.length;
      if (missing.length === 0)
        return {
          value,
          pass: true,
          reason: `includes all ${needles.length} of ${needles.map((n) => preview(n, 30)).join(', ')}${describeNormalization(o)}`,
        };
      return {
        value,
        pass: false,
        reason: `missing ${missing.length} of ${needles.length}: ${missing.map((n) => preview(n, 30)).join(', ')}${describeNormalization(o)}; got: ${preview(text)}`,
      };
    },
  };
}
