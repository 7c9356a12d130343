import type { Context } from 'hono';
import { AssayError } from '../core/errors.js';
import type { ApiErrorBody } from './api-types.js';

/** Error codes that mean "no such thing" rather than "bad request". */
const NOT_FOUND_CODES = new Set([
  'API_NOT_FOUND',
  'RUN_NOT_FOUND',
  'RUN_REF_NOT_FOUND',
  'CASE_NOT_FOUND',
  'BASELINE_NOT_FOUND',
]);

export function notFound(what: string, hint: string): AssayError {
  return new AssayError('API_NOT_FOUND', `${what} was not found.`, { hint });
}

/** Turns any thrown error into a JSON body: AssayErrors keep their code and hint, others show no stack. */
export function errorResponse(error: unknown, c: Context): Response {
  if (error instanceof AssayError) {
    const status = NOT_FOUND_CODES.has(error.code) || error.code.endsWith('_NOT_FOUND') ? 404 : 400;
    const body: ApiErrorBody = {
      error: {
        code: error.code,
        message: error.message,
        hint: error.hint,
        issues: error.issues.length ? error.issues : undefined,
      },
    };
    return c.json(body, status);
  }
  const body: ApiErrorBody = {
    error: {
      code: 'API_INTERNAL',
      message: error instanceof Error ? error.message : String(error),
      hint: 'This is a bug or a store problem; the server log has details when ASSAY_DEBUG=1.',
    },
  };
  if (process.env.ASSAY_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  return c.json(body, 500);
}
