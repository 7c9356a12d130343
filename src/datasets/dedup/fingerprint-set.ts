/** Where a text landed in a `FingerprintSet`. */
export interface Lookup {
  /** Its slot, or -1 when the set is full and the text was not seen before. */
  readonly slot: number;
  /** Whether an equal fingerprint was there already. */
  readonly existing: boolean;
}

const ALIAS = 0x80000000;

/**
 * A fixed-size open-addressing set of 64-bit text fingerprints. Each entry keeps the id of the
 * text's first occurrence (its representative), a group (the stratum), its exact copies and
 * the near-duplicates merged into it, so the traffic of every distinct text is known at the
 * end of a stream. Memory is allocated once (24 bytes a slot), so it does not grow with the
 * stream; once the load factor reaches 0.7, new fingerprints are no longer added (`full` is
 * then true and later texts go uncounted).
 */
export class FingerprintSet {
  readonly slots: number;
  readonly #mask: number;
  readonly #hi: Uint32Array;
  readonly #lo: Uint32Array;
  readonly #rep: Uint32Array;
  readonly #count: Uint32Array;
  /** Group, with the top bit set when the entry is a near-duplicate's alias of another slot. */
  readonly #group: Uint32Array;
  /** Near-duplicates merged into the entry; for an alias, the slot it stands for. */
  readonly #near: Uint32Array;
  #size = 0;
  #full = false;

  constructor(slotsPowerOfTwo = 21) {
    this.slots = 2 ** slotsPowerOfTwo;
    this.#mask = this.slots - 1;
    this.#hi = new Uint32Array(this.slots);
    this.#lo = new Uint32Array(this.slots);
    this.#rep = new Uint32Array(this.slots);
    this.#count = new Uint32Array(this.slots);
    this.#group = new Uint32Array(this.slots);
    this.#near = new Uint32Array(this.slots);
  }

  get size(): number {
    return this.#size;
  }

  get full(): boolean {
    return this.#full;
  }

  /** Finds the fingerprint (its copy count goes up) or adds it with `rep` and `group`. */
  lookup(hi: number, lo: number, rep: number, group = 0): Lookup {
    // (0, 0) marks an empty slot, so the low word is forced odd.
    const l = (lo | 1) >>> 0;
    const h = hi >>> 0;
    let i = (h ^ Math.imul(l, 0x9e3779b1)) & this.#mask;
    for (;;) {
      if (this.#lo[i] === 0) break;
      if (this.#hi[i] === h && this.#lo[i] === l) {
        this.#count[i]++;
        return { slot: i, existing: true };
      }
      i = (i + 1) & this.#mask;
    }
    if (this.#size >= this.slots * 0.7) {
      this.#full = true;
      return { slot: -1, existing: false };
    }
    this.#hi[i] = h;
    this.#lo[i] = l;
    this.#rep[i] = rep;
    this.#group[i] = group;
    this.#size++;
    return { slot: i, existing: false };
  }

  /** The representative id of an earlier equal fingerprint (its count goes up), else -1. */
  addOrFind(hi: number, lo: number, rep: number): number {
    const found = this.lookup(hi, lo, rep);
    return found.existing ? this.#rep[found.slot] : -1;
  }

  rep(slot: number): number {
    return this.#rep[slot];
  }

  group(slot: number): number {
    return this.#group[slot] & ~ALIAS;
  }

  /** The slot whose traffic this one's copies add to: itself, or the text it near-duplicates. */
  owner(slot: number): number {
    return (this.#group[slot] & ALIAS) !== 0 ? this.#near[slot] : slot;
  }

  /** Makes `slot` (a near-duplicate just added) count its own copies as `target`'s traffic. */
  alias(slot: number, target: number): void {
    this.#group[slot] = (this.#group[slot] | ALIAS) >>> 0;
    this.#near[slot] = target;
    this.#near[target]++;
  }

  /** Counts one more near-duplicate line for `slot`. */
  addNear(slot: number): void {
    this.#near[slot]++;
  }

  /** Lines that are this text, its exact copies or its near-duplicates (0 for an alias). */
  traffic(slot: number): number {
    if ((this.#group[slot] & ALIAS) !== 0 || this.#lo[slot] === 0) return 0;
    return 1 + this.#count[slot] + this.#near[slot];
  }

  /** Every distinct text (aliases left out), in slot order: a deterministic order for a given input. */
  *texts(): Generator<number> {
    for (let i = 0; i < this.slots; i++) if (this.#lo[i] !== 0 && (this.#group[i] & ALIAS) === 0) yield i;
  }

  /** The `limit` entries with the most exact copies, largest first. */
  top(limit: number): { rep: number; count: number }[] {
    const best: { rep: number; count: number }[] = [];
    for (let i = 0; i < this.slots; i++) {
      const count = this.#count[i];
      if (count === 0 || (this.#group[i] & ALIAS) !== 0) continue;
      if (best.length < limit || count > best[best.length - 1].count) {
        best.push({ rep: this.#rep[i], count });
        best.sort((a, b) => b.count - a.count || a.rep - b.rep);
        if (best.length > limit) best.pop();
      }
    }
    return best;
  }
}
