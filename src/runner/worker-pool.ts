import { setImmediate as nextMacrotask } from 'node:timers/promises';

/** How long the workers may run on resolved promises before letting timers, I/O and signals in. */
const YIELD_EVERY_MS = 10;

/**
 * Runs `work` over the items of an iterator with at most `concurrency` in flight. Items are
 * pulled lazily, so a 100,000-item run never holds 100,000 promises (unlike queueing every
 * task up front); a stop signal ends scheduling while in-flight work finishes or aborts.
 *
 * A target that answers at once resolves every promise in the microtask queue, where Node
 * never looks at signals, timers or sockets: the pool therefore yields a macrotask turn at
 * least every 10 ms, so Ctrl-C and the writer's flush timer run within that time.
 */
export async function runPool<T>(
  items: Iterator<T> | AsyncIterator<T>,
  concurrency: number,
  work: (item: T) => Promise<void>,
  shouldStop: () => boolean,
): Promise<void> {
  let lastYield = performance.now();
  // One shared pause: every worker spinning on resolved promises must wait on it, or the
  // microtask queue never drains and the macrotask never runs.
  let pause: Promise<void> | undefined;
  const yieldTurn = (): Promise<void> => {
    pause ??= nextMacrotask().then(() => {
      pause = undefined;
      lastYield = performance.now();
    });
    return pause;
  };
  // An async generator queues concurrent next() calls, so workers may pull at the same time.
  const next = async (): Promise<IteratorResult<T>> =>
    shouldStop() ? { done: true, value: undefined } : await items.next();
  const worker = async (): Promise<void> => {
    for (let item = await next(); !item.done; item = await next()) {
      await work(item.value);
      if (pause !== undefined || performance.now() - lastYield >= YIELD_EVERY_MS) await yieldTurn();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}
