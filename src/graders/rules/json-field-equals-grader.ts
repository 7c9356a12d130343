import { z } from 'zod';
import { canonicalJson } from '../../core/hash.js';
import type { Grader } from '../grader.js';
import { resolveValue } from '../template.js';
import { parseGraderOptions } from './grader-config.js';
import { getJsonPath, parseJsonPath } from './json-path.js';
import { parseOutputJson } from './output-json.js';
import { outputText, preview } from './output-text.js';
import { ruleSchema } from './rule-options.js';

const schema = ruleSchema('json-field-equals', {
  path: z
    .string()
    .min(1, 'must name a field, e.g. "answer.city"')
    .describe('The field to check: `answer.city`, `items[0].sku`, `$.a.b` or a JSON Pointer `/a/b`.'),
  value: z
    .unknown()
    .optional()
    .describe("The value the field must equal (deep equality); defaults to the case's `expected`. May be a template."),
  extract: z.boolean().optional().describe('Accept JSON inside a ``` fence or surrounded by prose (default false).'),
});

export type JsonFieldEqualsGraderOptions = z.input<typeof schema>;

/**
 * Parses the output as JSON and passes when the field at `path` deep-equals the value
 * (same type: the number 42 is not the string "42").
 *
 * @example
 * jsonFieldEqualsGrader({ path: 'intent', value: '{{metadata.intent}}' });
 */
export function jsonFieldEqualsGrader(options: JsonFieldEqualsGraderOptions): Grader {
  const o = parseGraderOptions(schema, options, options?.name ?? 'json-field-equals');
  const name = o.name ?? 'json-field-equals';
  const keys = parseJsonPath(o.path);
  return {
    name,
    kind: 'rule',
    grade(testCase, output) {
      const wanted = resolveValue(o.value, testCase, name);
      const parsed = parseOutputJson(output, o.extract);
      if (!parsed.ok)
        return { value: 0, pass: false, reason: `not valid JSON (${parsed.error}): ${preview(outputText(output))}` };
      const field = getJsonPath(parsed.value, keys);
      if (!field.found)
        return {
          value: 0,
          pass: false,
          reason: `field '${o.path}' is missing (no '${field.missing}'), expected ${json(wanted)}`,
        };
      const equal = canonicalJson(field.value) === canonicalJson(wanted);
      return equal
        ? { value: 1, pass: true, reason: `field '${o.path}' is ${json(wanted)}` }
        : { value: 0, pass: false, reason: `field '${o.path}' is ${json(field.value)}, expected ${json(wanted)}` };
    },
  };
}

function json(value: unknown): string {
  return preview(JSON.stringify(value) ?? 'undefined', 60);
}
