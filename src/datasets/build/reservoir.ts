import type { Rng } from '../../stats/index.js';

/**
 * A uniform random sample of fixed capacity from a stream of unknown length (Vitter's
 * Algorithm R): the t-th item replaces a random slot with probability capacity/t. Memory is
 * O(capacity) whatever the stream's length.
 */
export class Reservoir<T> {
  readonly capacity: number;
  readonly items: T[] = [];
  #seen = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get seen(): number {
    return this.#seen;
  }

  offer(item: T, rng: Rng): void {
    this.#seen++;
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return;
    }
    const j = rng.int(this.#seen);
    if (j < this.capacity) this.items[j] = item;
  }
}

/** The items in a random order (Fisher–Yates with the seeded generator); the input is untouched. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
