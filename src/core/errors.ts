/** A problem found while validating input: data, not an exception. */
export interface Issue {
  readonly code: string;
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

  constructor(code: string, message: string, options: { hint?: string; issues?: readonly Issue[]; cause?: unknown } = {}) {
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
