import type { Store } from '../store/store.js';
import type { WriteTrialInput } from '../store/types.js';

/**
 * Buffers finished trials and writes them in batched transactions: one transaction per
 * `batchSize` trials or per `flushMs` (50 ms), whichever comes first. A finished trial is
 * stored within about 50 ms, so a crash (kill -9) loses the trials in flight and at most the
 * few that finished in its last 50 ms. At most `maxUnwritten` trials (two batches) wait for the
 * store at once: beyond that, `add` waits for a batch to be stored.
 */
export class TrialWriter {
  readonly #store: Store;
  readonly #batchSize: number;
  readonly #flushMs: number;
  readonly #maxUnwritten: number;
  /** Trials added and not yet stored: buffered, or in a batch being written. */
  #unwritten = 0;
  #stored: (() => void)[] = [];
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
      /** Trials added and not yet stored beyond which `add` waits (default: two batches). */
      maxUnwritten?: number;
      onWritten?: (batch: readonly WriteTrialInput[]) => Promise<void>;
    } = {},
  ) {
    this.#store = store;
    this.#batchSize = options.batchSize ?? 250;
    this.#flushMs = options.flushMs ?? 50;
    this.#maxUnwritten = Math.max(1, options.maxUnwritten ?? 2 * this.#batchSize);
    this.#onWritten = options.onWritten;
  }

  /** Trials added and not yet stored. */
  get unwritten(): number {
    return this.#unwritten;
  }

  /**
   * Buffers a trial. A full batch is written before this resolves, and while `maxUnwritten`
   * trials wait for the store this waits for a batch to be stored, which holds the workers back
   * when the store is slower than the target (back-pressure): a fast target can never pile up
   * unwritten trials, even when it never yields to the timer queue. (Holding back only the call
   * that fills a batch was not enough: the other slots went on, each timer flush chained one more
   * batch, and a worker writing to a loaded Postgres held most of a run in memory.)
   */
  async add(trial: WriteTrialInput): Promise<void> {
    if (this.#failure) throw this.#failure;
    this.#buffer.push(trial);
    this.#unwritten++;
    if (this.#buffer.length >= this.#batchSize) await this.flush();
    else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => void this.flush().catch(() => undefined), this.#flushMs);
    }
    while (this.#unwritten >= this.#maxUnwritten && this.#failure === undefined) {
      await new Promise<void>((resolve) => this.#stored.push(resolve));
    }
    if (this.#failure) throw this.#failure;
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
      } finally {
        this.#unwritten -= batch.length;
        const waiting = this.#stored;
        this.#stored = [];
        for (const resolve of waiting) resolve();
      }
    });
    return this.#writing;
  }
}
