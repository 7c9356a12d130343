import { z } from 'zod';

const optionSchemas = new Map<string, z.ZodObject>();

/**
 * The option schema of grader type `type`: `type` (checked by the registry), a display `name`,
 * and the type's own options, each with a `.describe()`/`.meta({ description, default })`. It is
 * what validates the grader's options at load time and, registered here, what `npm run
 * docs:reference` writes into docs/reference.md: a new grader type declared with it is documented
 * without another step.
 *
 * @example
 * const schema = ruleSchema('regex', { pattern: z.string().min(1).describe('A regular expression') });
 */
export function ruleSchema<T extends z.ZodRawShape>(type: string, shape: T) {
  const schema = z.strictObject({
    type: z.literal(type).optional(),
    name: z
      .string()
      .min(1, 'must be a non-empty string')
      .optional()
      .describe('Name shown in reports (default: the type)'),
    ...shape,
  });
  optionSchemas.set(type, schema);
  return schema;
}

/** The option schema declared for a grader type (undefined when it declares none). */
export function graderOptionSchema(type: string): z.ZodObject | undefined {
  return optionSchemas.get(type);
}

/** A pass threshold in [0, 1]. */
export const thresholdOption = z
  .number()
  .min(0, 'must be between 0 and 1')
  .max(1, 'must be between 0 and 1')
  .optional()
  .describe('Score at which a trial passes');

/** `timeoutMs`, which every grader takes (the registry applies it; `code` and `command` bound their program with it). */
export const graderTimeoutOption = z
  .number()
  .int()
  .positive()
  .optional()
  .describe("Time limit of one grade call in ms (default: the eval's graderTimeoutMs)");
