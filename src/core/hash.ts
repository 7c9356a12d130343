import { createHash, randomBytes } from 'node:crypto';
import { AssayError } from './errors.js';
import { formatCount } from './format-count.js';

/** Deeper values are refused: no real case nests this far, and recursion must not overflow the stack. */
export const MAX_JSON_DEPTH = 1_000;

/**
 * JSON with object keys sorted, so equal content always serialises the same way. A value nested
 * deeper than `MAX_JSON_DEPTH` levels is an `AssayError` (VALUE_TOO_DEEP), not a stack overflow.
 *
 * It writes exactly what `JSON.stringify` writes for a copy of the value whose objects are plain
 * objects with their own enumerable keys inserted in sorted order: array-index keys therefore come
 * first in numeric order (an object lists them so), a `__proto__` key is dropped (assigning it sets
 * the copy's prototype), a Date or a Map is `{}`. That copy was how it was computed; the output is
 * hashed into dataset versions, generated case ids and cache keys, so it must not change. It is now
 * written in one pass without the copy, about twice as fast on dataset rows; a value holding a
 * function, a symbol or a bigint (never in JSON data) still takes the old way.
 */
export function canonicalJson(value: unknown): string {
  try {
    return write(value, 0);
  } catch (error) {
    if (error !== UNUSUAL) throw error;
    return JSON.stringify(sortKeys(value, 0));
  }
}

/** Thrown by `write` when it meets a value only `JSON.stringify` knows how to treat (a `toJSON` method…). */
const UNUSUAL = Symbol('unusual value');

function write(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (depth > MAX_JSON_DEPTH) throw tooDeep();
      return Array.isArray(value) ? writeArray(value, depth) : writeObject(value as Record<string, unknown>, depth);
    default:
      throw UNUSUAL;
  }
}

function writeArray(value: readonly unknown[], depth: number): string {
  let out = '[';
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    if (i > 0) out += ',';
    out += item === undefined ? 'null' : write(item, depth + 1);
  }
  return `${out}]`;
}

function writeObject(value: Record<string, unknown>, depth: number): string {
  const keys = sortedKeys(value);
  let out = '{';
  // Indexed, as the loop in sortedKeys: `for … of` runs the iterator protocol in code V8 has not yet
  // optimised, which is how a dataset's first thousands of rows are versioned.
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const item = value[key];
    if (item === undefined || key === '__proto__') continue;
    if (out.length > 1) out += ',';
    out += quotedKey(key) + write(item, depth + 1);
  }
  return `${out}}`;
}

/** Characters JSON.stringify escapes, and surrogates (a lone one is escaped; pairs are left to it too). */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as JSON.stringify writes it; most need no escape, and calling into it costs more than the test. */
function quote(text: string): string {
  return ESCAPED.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** Keys recur in every row (`id`, `input`, metadata names): each short one is quoted once, up to a bound. */
const quotedKeys = new Map<string, string>();

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${quote(key)}:`;
    if (quotedKeys.size < 4096 && key.length <= 64) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/** The keys in the order a plain object would list them had they been inserted sorted. */
function sortedKeys(value: object): readonly string[] {
  const keys = Object.keys(value);
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1]! < keys[i]!;
  // Keys listed in sorted order stay so: array-index keys lead either way, in numeric order.
  if (sorted) return keys;
  for (let k = 0; k < knownOrders.length; k++) {
    const known = knownOrders[k]!;
    if (sameKeys(known.keys, keys)) return known.order;
  }
  const order = canonicalOrder([...keys]);
  if (knownOrders.length === 16) knownOrders.pop();
  knownOrders.unshift({ keys, order });
  return order;
}

/**
 * The rows of a dataset share a few shapes (a case's own fields are never in sorted order), so
 * the last unsorted key lists are kept with their order: comparing a list is cheaper than sorting it.
 */
const knownOrders: { readonly keys: readonly string[]; readonly order: readonly string[] }[] = [];

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function canonicalOrder(keys: string[]): string[] {
  keys.sort();
  if (!keys.some((key) => key.charCodeAt(0) >= 48 && key.charCodeAt(0) <= 57)) return keys;
  // Some key may be an array index, which an object lists first: let an object put them in order.
  const inserted: Record<string, true> = {};
  for (const key of keys) inserted[key] = true;
  return Object.keys(inserted);
}

function tooDeep(): AssayError {
  const levels = formatCount(MAX_JSON_DEPTH);
  return new AssayError('VALUE_TOO_DEEP', `A value nests deeper than ${levels} levels.`, {
    hint: 'Flatten the input, expected or output: no case needs that much nesting.',
  });
}

/** The old way, for the unusual values `write` hands back: a sorted copy, then `JSON.stringify`. */
function sortKeys(value: unknown, depth: number): unknown {
  if (depth > MAX_JSON_DEPTH && value !== null && typeof value === 'object') throw tooDeep();
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
  if (value === null || typeof value !== 'object') return 0;
  // Most values are an object or a list of scalars: answered without the stack.
  if (Object.values(value).every((child) => child === null || typeof child !== 'object')) return 1;
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
