import type { z } from 'zod';
import { AssayError, type Issue } from '../../core/errors.js';

export const GRADER_CONFIG_INVALID = 'GRADER_CONFIG_INVALID';

/**
 * A grader's options are wrong. Issue paths name the option (`pattern`); the registry
 * prefixes them with the grader's place in the eval (`graders[2] 'no-apology'`).
 */
export function graderConfigError(graderName: string, issues: readonly Issue[]): AssayError {
  return new AssayError(GRADER_CONFIG_INVALID, `Grader '${graderName}' is misconfigured.`, {
    issues,
    hint: 'Fix the grader options listed above in the eval file.',
  });
}

/**
 * Parses a grader's options with its zod schema, turning every problem into an issue that
 * names the option.
 *
 * @example
 * const o = parseGraderOptions(regexSchema, spec, 'regex'); // throws GRADER_CONFIG_INVALID
 */
export function parseGraderOptions<S extends z.ZodType>(schema: S, options: unknown, graderName: string): z.output<S> {
  const result = schema.safeParse(options);
  if (result.success) return result.data;
  throw graderConfigError(
    graderName,
    result.error.issues.map((issue) => ({
      code: issue.code,
      path: issue.path.length > 0 ? issue.path.map(String).join('.') : '(options)',
      message: issue.code === 'unrecognized_keys' ? `${issue.message}; check the spelling (see the grader's options in the docs)` : issue.message,
    })),
  );
}
