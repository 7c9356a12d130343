import type { Case } from '../../core/types.js';
import { resolveValue } from '../template.js';
import { normalizeText, type NormalizeOptions } from './normalize.js';
import { asText } from './output-text.js';

/**
 * The list of needles for includes-all / includes-any: `values`, or `value`, or the case's
 * `expected` (a string or a list of strings).
 */
export function resolveNeedles(o: { values?: unknown[]; value?: unknown }, testCase: Case, name: string): string[] {
  const resolved = resolveValue(o.values ?? o.value, testCase, name);
  const list = Array.isArray(resolved) ? resolved : [resolved];
  if (list.length === 0) throw new Error(`grader '${name}' has an empty list of values to look for`);
  return list.map(asText);
}

/** Splits needles into those the text contains and those it does not. */
export function partitionNeedles(
  text: string,
  needles: readonly string[],
  options: NormalizeOptions,
): { found: string[]; missing: string[] } {
  const haystack = normalizeText(text, options);
  const found: string[] = [];
  const missing: string[] = [];
  for (const needle of needles) (haystack.includes(normalizeText(needle, options)) ? found : missing).push(needle);
  return { found, missing };
}
