// Helpers for the fold's typed per-case columns.

/** The first `n` entries of a column: the column itself when it holds exactly `n` (no copy). */
export function fit<T extends Uint8Array | Uint32Array | Float64Array>(a: T, n: number): T {
  return a.length === n ? a : (a.slice(0, n) as T);
}

/** A copy of `a` with room for `capacity` entries (zeros after the old ones). */
export function grown<T extends Uint32Array | Float64Array>(a: T, capacity: number): T {
  const out = new (a.constructor as new (n: number) => T)(capacity);
  out.set(a);
  return out;
}

/**
 * A per-case column of optional messages, `n` entries long. Most cases have none: an array
 * written only where there is one, then given its last entry, stays sparse (V8 keeps a few
 * entries in a dictionary rather than a million empty slots), and a missing entry reads as
 * undefined like any other. A column with a message in most cases stays a dense array.
 */
export function messageColumn<T>(messages: (T | undefined)[], n: number): (T | undefined)[] {
  if (n > 0 && messages.length < n) messages[n - 1] = undefined;
  return messages;
}
