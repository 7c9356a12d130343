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
