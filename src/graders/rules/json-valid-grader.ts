import { z } from 'zod';
import type { Grader } from '../grader.js';
import { parseGraderOptions } from './grader-config.js';
import { parseOutputJson } from './output-json.js';
import { outputText, preview } from './output-text.js';
import { ruleSchema } from './rule-options.js';

const schema = ruleSchema('json-valid', {
  extract: z
    .boolean()
    .optional()
    .describe('Accept JSON inside a ``` fence or surrounded by prose (default false: the whole text must be JSON).'),
});

export type JsonValidGraderOptions = z.input<typeof schema>;

/**
 * Passes when the output is valid JSON.
 *
 * @example
 * jsonValidGrader({ extract: true });
 */
export function jsonValidGrader(options: JsonValidGraderOptions = {}): Grader {
  const o = parseGraderOptions(schema, options, options.name ?? 'json-valid');
  return {
    name: o.name ?? 'json-valid',
    kind: 'rule',
    grade(_testCase, output) {
      const parsed = parseOutputJson(output, o.extract);
      return parsed.ok
        ? { value: 1, pass: true, reason: 'valid JSON' }
        : { value: 0, pass: false, reason: `not valid JSON (${parsed.error}): ${preview(outputText(output))}` };
    },
  };
}
