import { LSH_BANDS, bandHash, jaccard, minHashSignature } from './minhash.js';
import { ShingleFrequency, comparableShingles, countBoilerplate } from './text-shingles.js';
import { normalizeWords } from './normalize-words.js';

export interface TextItem {
  readonly id: string;
  readonly text: string;
}

export interface DuplicatePair {
  readonly a: string;
  readonly b: string;
  /** Exact Jaccard similarity of the two texts' shingle sets, boilerplate left out (1 for exact copies). */
  readonly similarity: number;
}

/**
 * Pairs of near-duplicate texts in an in-memory list: LSH banding proposes candidates, the
 * exact Jaccard similarity of the shingle sets confirms them. Pairs are `a` before `b` in
 * list order. For lists that fit in memory (eval sets), not for log streams.
 *
 * @example
 * findNearDuplicates([{ id: 'a', text: 'reset my password now' }, { id: 'b', text: 'Reset my password, now!' }], 0.8);
 * // [{ a: 'a', b: 'b', similarity: 1 }]
 */
export function findNearDuplicates(
  items: readonly TextItem[],
  threshold: number,
  filter?: (a: number, b: number) => boolean,
): DuplicatePair[] {
  // Two passes: count in how many texts each shingle occurs, then strip the boilerplate.
  const words = items.map((it) => normalizeWords(it.text));
  const freq = new ShingleFrequency();
  for (const w of words) countBoilerplate(w, freq);
  const shingles = words.map((w) => comparableShingles(w, freq));
  const buckets = new Map<string, number[]>();
  const seen = new Set<number>();
  const pairs: DuplicatePair[] = [];
  shingles.forEach((sh, i) => {
    if (sh.length === 0) return;
    const sig = minHashSignature(sh);
    const candidates = new Set<number>();
    for (let band = 0; band < LSH_BANDS; band++) {
      const key = `${band}:${bandHash(sig, band)}`;
      const list = buckets.get(key);
      if (list) {
        for (const j of list) candidates.add(j);
        list.push(i);
      } else buckets.set(key, [i]);
    }
    for (const j of [...candidates].sort((x, y) => x - y)) {
      const key = j * items.length + i;
      if (seen.has(key) || (filter && !filter(j, i))) continue;
      seen.add(key);
      const similarity = jaccard(shingles[j], sh);
      if (similarity >= threshold) pairs.push({ a: items[j].id, b: items[i].id, similarity });
    }
  });
  return pairs;
}

/**
 * A growing in-memory set that admits a text only when it is not a near-duplicate of one
 * already admitted (LSH candidates, exact shingle Jaccard to confirm).
 *
 * @example
 * const set = new NearDuplicateSet(0.8);
 * set.admit('reset my password'); // true
 * set.admit('Reset my password!'); // false
 */
export class NearDuplicateSet {
  readonly #threshold: number;
  readonly #buckets = new Map<string, number[]>();
  readonly #shingles: number[][] = [];

  constructor(threshold: number) {
    this.#threshold = threshold;
  }

  admit(text: string): boolean {
    return this.findOrAdd(text) < 0;
  }

  /** The index (in admission order) of an admitted near-duplicate, or -1 after admitting the text. */
  findOrAdd(text: string): number {
    const sh = comparableShingles(normalizeWords(text));
    const sig = minHashSignature(sh);
    const keys: string[] = [];
    for (let band = 0; band < LSH_BANDS; band++) {
      const key = `${band}:${bandHash(sig, band)}`;
      keys.push(key);
      for (const j of this.#buckets.get(key) ?? []) if (jaccard(this.#shingles[j], sh) >= this.#threshold) return j;
    }
    const index = this.#shingles.push(sh) - 1;
    for (const key of keys) {
      const list = this.#buckets.get(key);
      if (list) list.push(index);
      else this.#buckets.set(key, [index]);
    }
    return -1;
  }
}
