// A run's stored fold (analysis/fold-snapshot) is written as parts of at most a mebibyte, one
// row each: bound as one value, the 37 MB fold of a million-case run was copied whole by the
// driver and held whole by SQLite's pager until commit (~85 MB more at the end of the run);
// in parts it costs ~2 MB, and Postgres's client never builds one 74 MB hex text.

export const FOLD_PART_BYTES = 2 ** 20;

/** The fold as views of at most {@link FOLD_PART_BYTES} each, in order (no copy). */
export function foldParts(fold: Uint8Array): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let at = 0; at < fold.byteLength; at += FOLD_PART_BYTES)
    parts.push(fold.subarray(at, Math.min(fold.byteLength, at + FOLD_PART_BYTES)));
  return parts;
}

/** The parts read back, in part order, as one array; undefined when there are none. */
export function joinFoldParts(parts: readonly Uint8Array[]): Uint8Array | undefined {
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  const fold = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    fold.set(part, at);
    at += part.byteLength;
  }
  return fold;
}
