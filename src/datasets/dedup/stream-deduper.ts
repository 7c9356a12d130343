import { FingerprintSet } from './fingerprint-set.js';
import { hashString32 } from './hash32.js';
import { LshRingIndex } from './lsh-ring-index.js';
import { minHashSignature } from './minhash.js';
import { ShingleFrequency, comparableShingles, countBoilerplate } from './text-shingles.js';
import { normalizeWords } from './normalize-words.js';

/**
 * What a text is: new (`unique`), or a copy of an earlier text. `slot` is the fingerprint slot
 * of the distinct text it counts as traffic for (-1 when the exact table is full).
 */
export type DedupVerdict =
  | { readonly kind: 'unique'; readonly slot: number }
  | { readonly kind: 'exact'; readonly rep: number; readonly slot: number }
  | { readonly kind: 'near'; readonly rep: number; readonly similarity: number; readonly slot: number };

export interface DuplicateCluster {
  readonly kind: 'exact' | 'near';
  /** The id (a log line number) of the first text of the cluster, which was kept. */
  readonly rep: number;
  /** Texts removed as copies of the representative. */
  readonly removed: number;
}

export interface DedupSummary {
  readonly exact: number;
  readonly near: number;
  /** The largest clusters, largest first. */
  readonly clusters: readonly DuplicateCluster[];
  /** True when the exact-fingerprint table filled up and later texts were not all remembered. */
  readonly exactCapacityReached: boolean;
  /** How many recent distinct texts the near-duplicate index remembers. */
  readonly nearWindow: number;
}

export interface StreamDeduperOptions {
  /** Jaccard similarity of word-shingle sets at or above which two texts are near-duplicates. */
  readonly nearThreshold: number;
  /** False turns near-duplicate detection off (exact dedup stays on). */
  readonly near?: boolean;
  readonly exactSlotsPowerOfTwo?: number;
  readonly nearCapacity?: number;
}

const TOP_CLUSTERS = 20;

/**
 * Exact and near-duplicate detection over a stream in fixed memory: a 64-bit fingerprint of
 * the normalised text for exact copies (every distinct text up to the table's capacity) and a
 * bounded MinHash/LSH ring for near-duplicates (see `LshRingIndex` for the trade-off).
 *
 * @example
 * const d = new StreamDeduper({ nearThreshold: 0.8 });
 * d.check('Reset my password', 1); // { kind: 'unique' }
 * d.check('reset my password!', 2); // { kind: 'exact', rep: 1 }
 */
export class StreamDeduper {
  readonly #exact: FingerprintSet;
  readonly #near: LshRingIndex | undefined;
  readonly #sig = new Uint32Array(64);
  readonly #freq = new ShingleFrequency();
  readonly #evicted: DuplicateCluster[] = [];
  #exactCount = 0;
  #nearCount = 0;

  constructor(options: StreamDeduperOptions) {
    this.#exact = new FingerprintSet(options.exactSlotsPowerOfTwo ?? 21);
    this.#near =
      options.near === false
        ? undefined
        : new LshRingIndex({
            threshold: options.nearThreshold,
            capacity: options.nearCapacity,
            onEvict: (rep, removed) => this.#keepEvicted({ kind: 'near', rep, removed }),
          });
  }

  /**
   * Whether `text` repeats an earlier text of the same `group` (a stratum index: a copy in
   * another stratum is that stratum's own traffic, so it is not removed).
   */
  check(text: string, rep: number, group = 0): DedupVerdict {
    const words = normalizeWords(text);
    const joined = group === 0 ? words.join(' ') : `${group}\u0000${words.join(' ')}`;
    const found = this.#exact.lookup(hashString32(joined, 0x811c9dc5), hashString32(joined, 0x2f3d5a7b), rep, group);
    if (found.existing) {
      const owner = this.#exact.owner(found.slot);
      if (owner !== found.slot) {
        // An exact copy of a text that was itself a near-duplicate: traffic of the text it resembles.
        this.#exact.addNear(owner);
        this.#nearCount++;
        return { kind: 'near', rep: this.#exact.rep(owner), similarity: 1, slot: owner };
      }
      this.#exactCount++;
      return { kind: 'exact', rep: this.#exact.rep(found.slot), slot: found.slot };
    }
    if (!this.#near || words.length === 0) return { kind: 'unique', slot: found.slot };
    // Boilerplate (a signature, a disclaimer) recurring across texts is counted, then left out.
    const grams = countBoilerplate(words, this.#freq);
    const sig = minHashSignature(comparableShingles(words, this.#freq, grams), this.#sig);
    const match = this.#near.findAndCount(sig, group);
    if (match) {
      this.#nearCount++;
      if (found.slot >= 0 && match.handle >= 0) this.#exact.alias(found.slot, match.handle);
      else if (match.handle >= 0) this.#exact.addNear(match.handle);
      return { kind: 'near', rep: match.rep, similarity: match.similarity, slot: match.handle };
    }
    this.#near.add(sig, rep, group, found.slot);
    return { kind: 'unique', slot: found.slot };
  }

  /** The exact-fingerprint table: every distinct text with its group and traffic. */
  get texts(): FingerprintSet {
    return this.#exact;
  }

  summary(limit = 10): DedupSummary {
    const all: DuplicateCluster[] = this.#exact
      .top(limit)
      .map((t) => ({ kind: 'exact' as const, rep: t.rep, removed: t.count }));
    all.push(...this.#evicted);
    if (this.#near) for (const c of this.#near.clusters()) all.push({ kind: 'near', rep: c.rep, removed: c.count });
    all.sort((a, b) => b.removed - a.removed || a.rep - b.rep);
    return {
      exact: this.#exactCount,
      near: this.#nearCount,
      clusters: all.slice(0, limit),
      exactCapacityReached: this.#exact.full,
      nearWindow: this.#near?.capacity ?? 0,
    };
  }

  #keepEvicted(cluster: DuplicateCluster): void {
    if (this.#evicted.length >= TOP_CLUSTERS && cluster.removed <= this.#evicted[this.#evicted.length - 1].removed)
      return;
    this.#evicted.push(cluster);
    this.#evicted.sort((a, b) => b.removed - a.removed);
    if (this.#evicted.length > TOP_CLUSTERS) this.#evicted.pop();
  }
}
