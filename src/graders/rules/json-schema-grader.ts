import { Ajv } from 'ajv';
import { z } from 'zod';
import type { Grader } from '../grader.js';
import { graderConfigError, parseGraderOptions } from './grader-config.js';
import { parseOutputJson } from './output-json.js';
import { outputText, preview } from './output-text.js';
import { ruleSchema } from './rule-options.js';

const schema = ruleSchema('json-schema', {
  schema: z
    .record(z.string(), z.unknown())
    .describe('A JSON Schema (draft-07 / 2019-09 keywords) the output must satisfy.'),
  extract: z.boolean().optional().describe('Accept JSON inside a ``` fence or surrounded by prose (default false).'),
});

export type JsonSchemaGraderOptions = z.input<typeof schema>;

/**
 * Passes when the output is JSON that satisfies the schema; the reason lists every violation.
 *
 * @example
 * jsonSchemaGrader({ schema: { type: 'object', required: ['intent'], properties: { intent: { enum: ['refund', 'cancel'] } } } });
 */
export function jsonSchemaGrader(options: JsonSchemaGraderOptions): Grader {
  const o = parseGraderOptions(schema, options, options?.name ?? 'json-schema');
  const name = o.name ?? 'json-schema';
  const ajv = new Ajv({ allErrors: true, strict: false });
  let validate: ReturnType<Ajv['compile']>;
  try {
    validate = ajv.compile(o.schema);
  } catch (error) {
    throw graderConfigError(name, [
      { code: 'invalid_value', path: 'schema', message: `not a valid JSON Schema: ${(error as Error).message}` },
    ]);
  }
  return {
    name,
    kind: 'rule',
    grade(_testCase, output) {
      const parsed = parseOutputJson(output, o.extract);
      if (!parsed.ok)
        return { value: 0, pass: false, reason: `not valid JSON (${parsed.error}): ${preview(outputText(output))}` };
      if (validate(parsed.value)) return { value: 1, pass: true, reason: 'matches the schema' };
      const problems = ajv.errorsText(validate.errors, { dataVar: 'output', separator: '; ' });
      return {
        value: 0,
        pass: false,
        reason: `does not match the schema: ${problems}`,
        meta: { errors: validate.errors ?? [] },
      };
    },
  };
}
