/**
 * Runs `work` over the items of an iterator with at most `concurrency` in flight. Items are
 * pulled lazily, so a 100,000-item run never holds 100,000 promises (unlike queueing every
 * task up front); a stop signal ends scheduling while in-flight work finishes or aborts.
 */
export async function runPool<T>(
  items: Iterator<T>,
  concurrency: number,
  work: (item: T) => Promise<void>,
  shouldStop: () => boolean,
): Promise<void> {
  const next = (): IteratorResult<T> => (shouldStop() ? { done: true, value: undefined } : items.next());
  const worker = async (): Promise<void> => {
    for (let item = next(); !item.done; item = next()) await work(item.value);
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}
