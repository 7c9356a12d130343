import { z } from 'zod';

/** Options every rule grader takes: `type` (checked by the registry) and a display `name`. */
export function ruleSchema<T extends z.ZodRawShape>(type: string, shape: T) {
  return z.strictObject({
    type: z.literal(type).optional(),
    name: z.string().min(1, 'must be a non-empty string').optional(),
    ...shape,
  });
}

/** A pass threshold in [0, 1]. */
export const thresholdOption = z
  .number()
  .min(0, 'must be between 0 and 1')
  .max(1, 'must be between 0 and 1')
  .optional();
