/**
 * A fixed-size open-addressing set of 64-bit text fingerprints with a representative id and a
 * duplicate count per entry. Memory is allocated once (16 bytes a slot), so it does not grow
 * with the stream; once the load factor reaches 0.7, new fingerprints are no longer added
 * (`full` is then true and later copies of those texts go undetected).
 */
export class FingerprintSet {
  readonly slots: number;
  readonly #mask: number;
  readonly #hi: Uint32Array;
  readonly #lo: Uint32Array;
  readonly #rep: Uint32Array;
  readonly #count: Uint32Array;
  #size = 0;
  #full = false;

  constructor(slotsPowerOfTwo = 21) {
    this.slots = 2 ** slotsPowerOfTwo;
    this.#mask = this.slots - 1;
    this.#hi = new Uint32Array(this.slots);
    this.#lo = new Uint32Array(this.slots);
    this.#rep = new Uint32Array(this.slots);
    this.#count = new Uint32Array(this.slots);
  }

  get size(): number {
    return this.#size;
  }

  get full(): boolean {
    return this.#full;
  }

  /** The representative id of an earlier equal fingerprint (its count goes up), else -1. */
  addOrFind(hi: number, lo: number, rep: number): number {
    // (0, 0) marks an empty slot, so the low word is forced odd.
    const l = (lo | 1) >>> 0;
    const h = hi >>> 0;
    let i = (h ^ Math.imul(l, 0x9e3779b1)) & this.#mask;
    for (;;) {
      if (this.#lo[i] === 0) break;
      if (this.#hi[i] === h && this.#lo[i] === l) {
        this.#count[i]++;
        return this.#rep[i];
      }
      i = (i + 1) & this.#mask;
    }
    if (this.#size >= this.slots * 0.7) {
      this.#full = true;
      return -1;
    }
    this.#hi[i] = h;
    this.#lo[i] = l;
    this.#rep[i] = rep;
    this.#size++;
    return -1;
  }

  /** The `limit` entries with the most duplicates, largest first. */
  top(limit: number): { rep: number; count: number }[] {
    const best: { rep: number; count: number }[] = [];
    for (let i = 0; i < this.slots; i++) {
      const count = this.#count[i];
      if (count === 0) continue;
      if (best.length < limit || count > best[best.length - 1].count) {
        best.push({ rep: this.#rep[i], count });
        best.sort((a, b) => b.count - a.count || a.rep - b.rep);
        if (best.length > limit) best.pop();
      }
    }
    return best;
  }
}
