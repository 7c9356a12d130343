import { createHash, randomBytes } from 'node:crypto';
import { AssayError } from './errors.js';

/** Deeper values are refused: no real case nests this far, and recursion must not overflow the stack. */
export const MAX_JSON_DEPTH = 1_000;

/**
 * JSON with object keys sorted, so equal content always serialises the same way. A value nested
 * deeper than `MAX_JSON_DEPTH` levels is an `AssayError` (VALUE_TOO_DEEP), not a stack overflow.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value, 0));
}

function sortKeys(value: unknown, depth: number): unknown {
  if (depth > MAX_JSON_DEPTH && value !== null && typeof value === 'object') {
    const levels = MAX_JSON_DEPTH.toLocaleString('en-US');
    throw new AssayError('VALUE_TOO_DEEP', `A value nests deeper than ${levels} levels.`, {
      hint: 'Flatten the input, expected or output: no case needs that much nesting.',
    });
  }
  if (Array.isArray(value)) return value.map((v) => sortKeys(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v, depth + 1);
    }
    return out;
  }
  return value;
}

/** How deeply a value nests (a scalar is 0), counted without recursion; stops counting past `limit`. */
export function nestingDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A short, stable hash of any JSON-able value. */
export function contentHash(value: unknown, length = 12): string {
  return sha256(canonicalJson(value)).slice(0, length);
}

/** A sortable, unique run id: `run_` + UTC timestamp + random suffix. */
export function newRunId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `run_${stamp}_${randomBytes(3).toString('hex')}`;
}
