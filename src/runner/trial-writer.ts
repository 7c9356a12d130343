import type { Store } from '../store/store.js';
import type { WriteTrialInput } from '../store/types.js';

/**
 * Buffers finished trials and writes them in batched transactions: one transaction per
 * `batchSize` trials or per `flushMs` (50 ms), whichever comes first. A finished trial is
 * stored within about 50 ms, so a crash (kill -9) loses the trials in flight and at most the
 * few that finished in its last 50 ms.
 */
export class TrialWriter {
  readonly #store: Store;
  readonly #batchSize: number;
  readonly #flushMs: number;
  #buffer: WriteTrialInput[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<void> = Promise.resolve();
  #failure: unknown;
  readonly #onWritten: ((batch: readonly WriteTrialInput[]) => Promise<void>) | undefined;

  /** `onWritten` runs after each batch is stored (queue workers complete their jobs there). */
  constructor(
    store: Store,
    options: {
      batchSize?: number;
      flushMs?: number;
      onWritten?: (batch: readonly WriteTrialInput[]) => Promise<void>;
    } = {},
  ) {
    this.#store = store;
    this.#batchSize = options.batchSize ?? 250;
    this.#flushMs = options.flushMs ?? 50;
    this.#onWritten = options.onWritten;
  }

  /**
   * Buffers a trial. A full batch is written before this resolves, which also holds the
   * workers back when the store is slower than the target (back-pressure): a fast target can
   * never pile up unwritten trials, even when it never yields to the timer queue.
   */
  async add(trial: WriteTrialInput): Promise<void> {
    if (this.#failure) throw this.#failure;
    this.#buffer.push(trial);
    if (this.#buffer.length >= this.#batchSize) await this.flush();
    else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => void this.flush().catch(() => undefined), this.#flushMs);
    }
  }

  /** Writes everything buffered so far; resolves when it is stored. */
  async flush(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#buffer;
    this.#buffer = [];
    this.#writing = this.#writing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.#store.trials.write(batch);
        await this.#onWritten?.(batch);
      } catch (error) {
        this.#failure = error;
        throw error;
      }
    });
    return this.#writing;
  }
}
