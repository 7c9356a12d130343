import { contentHash } from '../core/hash.js';

/**
 * The id of a case that has none: a hash of its input and expected answer, so the same case
 * gets the same id on every run, whatever file format or key order it was written in.
 *
 * @example
 * generatedCaseId('What is 2+2?', '4'); // 'c_…' (12 hex characters)
 */
export function generatedCaseId(input: unknown, expected: unknown): string {
  return `c_${contentHash({ input, expected }, 12)}`;
}
