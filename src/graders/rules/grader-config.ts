import type { z } from 'zod';
import { AssayError, issueCodeOf, type Issue } from '../../core/errors.js';
import { didYouMean } from '../../core/did-you-mean.js';

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
  throw graderConfigError(graderName, optionIssues(schema, result.error));
}

/**
 * A grader option schema's problems as issues that name the option: unknown keys with a
 * did-you-mean among the schema's options, missing and invalid ones with the schema's message.
 */
export function optionIssues(schema: z.ZodType, error: z.ZodError): Issue[] {
  const known = Object.keys((schema as unknown as { shape?: object }).shape ?? {});
  return error.issues.flatMap((issue) => {
    const at = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        code: 'unknown_field' as const,
        path: at ? `${at}.${key}` : key,
        message: unknownOption(key, known),
      }));
    }
    const missing = issue.code === 'invalid_type' && / received undefined$/.test(issue.message);
    return [
      {
        code: missing ? ('missing_field' as const) : issueCodeOf(issue.code),
        path: at || '(options)',
        message: missing
          ? `is required (${issue.message.replace(/^Invalid input: /, '').replace(/, received undefined$/, '')})`
          : issue.message,
      },
    ];
  });
}

function unknownOption(key: string, known: readonly string[]): string {
  const options = known.filter((k) => k !== 'type');
  return `unknown option${didYouMean(key, options)} (options: ${options.join(', ')})`;
}
