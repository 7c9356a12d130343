/**
 * The closed set of issue codes: one spelling per kind of problem, whatever folder finds it.
 * - `unknown_field`: a key, option or field nobody reads (a typo, usually: add a did-you-mean)
 * - `missing_field`: a required key, option or field is absent
 * - `invalid_type`: present, but of the wrong type (a list where an object belongs…)
 * - `invalid_value`: the right type, a wrong value (out of range, bad regex, unknown segment…)
 * - `invalid_syntax`: a file or text that does not parse (JSON, CSV, YAML, a template)
 * - `duplicate`: a name or id given twice
 * - `unknown_reference`: names something that does not exist (a grader type, an export, a grader)
 * - `load_failed`: a module or file could not be loaded
 * - `conflict`: two settings that cannot hold together
 */
export const ISSUE_CODES = [
  'unknown_field',
  'missing_field',
  'invalid_type',
  'invalid_value',
  'invalid_syntax',
  'duplicate',
  'unknown_reference',
  'load_failed',
  'conflict',
] as const;

export type IssueCode = (typeof ISSUE_CODES)[number];

/** The closed code for a zod issue code (unrecognized keys are unknown fields; the rest wrong types or values). */
export function issueCodeOf(zodCode: string): IssueCode {
  if (zodCode === 'unrecognized_keys') return 'unknown_field';
  return zodCode === 'invalid_type' ? 'invalid_type' : 'invalid_value';
}

/** A problem found while validating input: data, not an exception. */
export interface Issue {
  readonly code: IssueCode;
  /** Where: `file:line`, a field path, or both. */
  readonly path: string;
  readonly message: string;
}

/**
 * Every error Assay raises on purpose: a stable `code`, a message that names the culprit,
 * and a `hint` that says what to do next. The CLI prints these without a stack trace.
 */
export class AssayError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly issues: readonly Issue[];

  constructor(
    code: string,
    message: string,
    options: { hint?: string; issues?: readonly Issue[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AssayError';
    this.code = code;
    this.hint = options.hint;
    this.issues = options.issues ?? [];
  }
}

/** Formats an error for a person: message, every issue on its own line, then the hint. */
export function formatError(error: unknown): string {
  if (error instanceof AssayError) {
    const lines = [error.message];
    const shown = error.issues.slice(0, 50);
    for (const issue of shown) lines.push(`  ${issue.path}: ${issue.message}`);
    if (error.issues.length > shown.length) lines.push(`  … and ${error.issues.length - shown.length} more`);
    if (error.hint) lines.push(`Hint: ${error.hint}`);
    return lines.join('\n');
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

export function isAssayError(error: unknown, code?: string): error is AssayError {
  return error instanceof AssayError && (code === undefined || error.code === code);
}
