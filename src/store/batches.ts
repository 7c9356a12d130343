/** Rows per transaction when a dataset's cases are written: big enough to amortise a commit, small enough to stay flat. */
export const DATASET_BATCH = 2_000;

/**
 * Hands the items of an array or a stream to `write` in batches of `size`, one batch written
 * before the next is read (a stream is never held whole); returns how many items there were.
 */
export async function forEachBatch<T>(
  items: Iterable<T> | AsyncIterable<T>,
  size: number,
  write: (batch: readonly T[], first: number) => unknown,
): Promise<number> {
  let batch: T[] = [];
  let written = 0;
  for await (const item of items) {
    batch.push(item);
    if (batch.length < size) continue;
    await write(batch, written);
    written += batch.length;
    batch = [];
  }
  if (batch.length > 0) await write(batch, written);
  return written + batch.length;
}
