import { LSH_BANDS, MINHASH_PERMUTATIONS, bandHash, estimateJaccard } from './minhash.js';

export interface NearMatch {
  readonly rep: number;
  /** The caller's handle for the representative (a fingerprint slot), as passed to `add`. */
  readonly handle: number;
  readonly similarity: number;
}

/**
 * A bounded MinHash/LSH index of the most recent `capacity` representatives.
 *
 * Why bounded: keeping a signature for every distinct line of a 1M-line log costs 256 bytes
 * a line. Instead the index is a ring: signatures live in one preallocated array, and each of
 * the 16 bands is a direct-mapped bucket table that keeps the newest representative per
 * bucket. Memory is fixed (≈ capacity × 280 B + bands × buckets × 8 B); the trade-off is that
 * a near-duplicate is only recognised while its representative is among the last `capacity`
 * distinct texts (or has not been displaced from its buckets). Evicted representatives are
 * passed to `onEvict` so the caller can keep their cluster sizes.
 */
export class LshRingIndex {
  readonly capacity: number;
  readonly #threshold: number;
  readonly #sigs: Uint32Array;
  readonly #rep: Uint32Array;
  readonly #group: Uint32Array;
  readonly #handle: Int32Array;
  readonly #count: Uint32Array;
  readonly #seqAt: Int32Array;
  readonly #bucketMask: number;
  readonly #bucketKeys: Uint32Array;
  readonly #bucketSeq: Int32Array;
  readonly #bucketsPerBand: number;
  readonly #onEvict: (rep: number, count: number) => void;
  #nextSeq = 0;

  constructor(options: {
    capacity?: number;
    bucketsPowerOfTwo?: number;
    threshold: number;
    onEvict?: (rep: number, count: number) => void;
  }) {
    this.capacity = options.capacity ?? 65536;
    this.#threshold = options.threshold;
    this.#sigs = new Uint32Array(this.capacity * MINHASH_PERMUTATIONS);
    this.#rep = new Uint32Array(this.capacity);
    this.#group = new Uint32Array(this.capacity);
    this.#handle = new Int32Array(this.capacity);
    this.#count = new Uint32Array(this.capacity);
    this.#seqAt = new Int32Array(this.capacity).fill(-1);
    this.#bucketsPerBand = 2 ** (options.bucketsPowerOfTwo ?? 17);
    this.#bucketMask = this.#bucketsPerBand - 1;
    this.#bucketKeys = new Uint32Array(LSH_BANDS * this.#bucketsPerBand);
    this.#bucketSeq = new Int32Array(LSH_BANDS * this.#bucketsPerBand).fill(-1);
    this.#onEvict = options.onEvict ?? (() => undefined);
  }

  /**
   * The most similar live representative of the same group (a stratum: texts of different
   * groups are never duplicates of each other) at or above the threshold; its count goes up.
   */
  findAndCount(sig: Uint32Array, group = 0): NearMatch | undefined {
    let bestSlot = -1;
    let bestSim = -1;
    for (let band = 0; band < LSH_BANDS; band++) {
      const h = bandHash(sig, band);
      const b = band * this.#bucketsPerBand + (h & this.#bucketMask);
      const seq = this.#bucketSeq[b];
      if (seq < 0 || this.#bucketKeys[b] !== h) continue;
      const slot = seq % this.capacity;
      if (this.#seqAt[slot] !== seq || this.#group[slot] !== group) continue;
      const sim = estimateJaccard(this.#sigs, slot * MINHASH_PERMUTATIONS, sig);
      if (sim >= this.#threshold && sim > bestSim) {
        bestSim = sim;
        bestSlot = slot;
      }
    }
    if (bestSlot < 0) return undefined;
    this.#count[bestSlot]++;
    return { rep: this.#rep[bestSlot], handle: this.#handle[bestSlot], similarity: bestSim };
  }

  add(sig: Uint32Array, rep: number, group = 0, handle = -1): void {
    const seq = this.#nextSeq++;
    const slot = seq % this.capacity;
    if (this.#seqAt[slot] >= 0 && this.#count[slot] > 0) this.#onEvict(this.#rep[slot], this.#count[slot]);
    this.#sigs.set(sig, slot * MINHASH_PERMUTATIONS);
    this.#rep[slot] = rep;
    this.#group[slot] = group;
    this.#handle[slot] = handle;
    this.#count[slot] = 0;
    this.#seqAt[slot] = seq;
    for (let band = 0; band < LSH_BANDS; band++) {
      const h = bandHash(sig, band);
      const b = band * this.#bucketsPerBand + (h & this.#bucketMask);
      this.#bucketKeys[b] = h;
      this.#bucketSeq[b] = seq;
    }
  }

  /** Live representatives with at least one near-duplicate. */
  *clusters(): Generator<{ rep: number; count: number }> {
    for (let slot = 0; slot < this.capacity; slot++) {
      if (this.#seqAt[slot] >= 0 && this.#count[slot] > 0) yield { rep: this.#rep[slot], count: this.#count[slot] };
    }
  }
}
