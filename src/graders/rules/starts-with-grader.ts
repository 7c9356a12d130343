import { z } from 'zod';
import type { Grader } from '../grader.js';
import { resolveValue } from '../template.js';
import { parseGraderOptions } from './grader-config.js';
import { describeNormalization, normalizeOptions, normalizeText } from './normalize.js';
import { asText, outputText, preview } from './output-text.js';
import { ruleSchema } from './rule-options.js';

const schema = ruleSchema('starts-with', {
  value: z
    .unknown()
    .optional()
    .describe("The expected beginning; defaults to the case's `expected`. May be a template."),
  ...normalizeOptions,
});

export type StartsWithGraderOptions = z.input<typeof schema>;

/**
 * Passes when the output begins with the value (leading whitespace ignored unless `trim: false`).
 *
 * @example
 * startsWithGrader({ value: 'Hello', ignoreCase: true });
 */
export function startsWithGrader(options: StartsWithGraderOptions = {}): Grader {
  const o = parseGraderOptions(schema, options, options.name ?? 'starts-with');
  const name = o.name ?? 'starts-with';
  return {
    name,
    kind: 'rule',
    grade(testCase, output) {
      const prefix = asText(resolveValue(o.value, testCase, name));
      const text = outputText(output);
      const ok = normalizeText(text, o).startsWith(normalizeText(prefix, o));
      return ok
        ? { value: 1, pass: true, reason: `starts with ${preview(prefix)}${describeNormalization(o)}` }
        : {
            value: 0,
            pass: false,
            reason: `expected to start with ${preview(prefix)}${describeNormalization(o)}, got: ${preview(text)}`,
          };
    },
  };
}
