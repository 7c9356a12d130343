import { hashString32 } from './hash32.js';
import { shingleHashes } from './minhash.js';

/** Texts up to this many words are compared on character shingles, so one typo leaves most of them intact. */
export const CHAR_SHINGLE_MAX_WORDS = 20;
/** Texts up to this many words (and over 20) are compared on word pairs; longer ones on word triples. */
export const WORD_PAIR_MAX_WORDS = 40;
/** Characters per shingle of a short text. */
export const CHAR_SHINGLE = 4;
/** A shingle in this many distinct texts or more is common. */
export const BOILERPLATE_MIN_TEXTS = 10;

/**
 * The shingles a text is compared on, in text order, sized so that one typo or one added word
 * keeps a Jaccard similarity near or above 0.8 at every length: character 4-grams of the
 * normalised words up to 20 words (a typo changes at most 4 of them), word pairs up to 40,
 * word triples beyond (the cost of MinHash grows with the number of shingles).
 */
export function textShingles(words: readonly string[]): number[] {
  if (words.length === 0) return [];
  if (words.length > WORD_PAIR_MAX_WORDS) return shingleHashes(words);
  if (words.length > CHAR_SHINGLE_MAX_WORDS) return shingleHashes(words, 2);
  const text = words.join(' ');
  if (text.length <= CHAR_SHINGLE) return [hashString32(text, 0x9747b28c)];
  const out: number[] = [];
  for (let i = 0; i + CHAR_SHINGLE <= text.length; i++)
    out.push(hashString32(text.slice(i, i + CHAR_SHINGLE), 0x9747b28c));
  return out;
}

/**
 * In how many texts each shingle occurs, in fixed memory: a direct-mapped table where a slot
 * belongs to one shingle and a different shingle landing there wears its count down by one
 * (taking the slot at zero). Shingles that recur across many texts (a signature, a legal
 * disclaimer) keep their slot; rare ones come and go. Counts are lower bounds.
 */
export class ShingleFrequency {
  readonly #mask: number;
  readonly #keys: Uint32Array;
  readonly #counts: Uint32Array;

  constructor(slotsPowerOfTwo = 20) {
    this.#mask = 2 ** slotsPowerOfTwo - 1;
    this.#keys = new Uint32Array(2 ** slotsPowerOfTwo);
    this.#counts = new Uint32Array(2 ** slotsPowerOfTwo);
  }

  /** Counts the shingles of one text (a shingle repeated inside one text is rare and counts again). */
  addText(shingles: readonly number[]): void {
    for (const h of shingles) {
      const slot = (h ^ (h >>> 13)) & this.#mask;
      if (this.#keys[slot] === h && this.#counts[slot] > 0) this.#counts[slot]++;
      else if (this.#counts[slot] === 0) {
        this.#keys[slot] = h;
        this.#counts[slot] = 1;
      } else this.#counts[slot]--;
    }
  }

  texts(h: number): number {
    const slot = (h ^ (h >>> 13)) & this.#mask;
    return this.#keys[slot] === h ? this.#counts[slot] : 0;
  }
}

/**
 * The words left once boilerplate is stripped: runs of at least 5 consecutive word 3-grams
 * that are each in `minTexts` or more texts (a block of 7+ words that recurs across texts: a
 * signature, a disclaimer). A text made only of common 3-grams is a popular text, not
 * boilerplate, and keeps them all. Counting word 3-grams (not characters) keeps ordinary words
 * and phrases from looking like boilerplate.
 */
export function withoutBoilerplate(
  words: readonly string[],
  freq: ShingleFrequency,
  minTexts = BOILERPLATE_MIN_TEXTS,
  grams = shingleHashes(words),
): readonly string[] {
  if (words.length < 3) return words;
  const common = grams.map((h) => freq.texts(h) >= minTexts);
  if (common.every(Boolean)) return words;
  const drop = new Uint8Array(words.length);
  let i = 0;
  while (i < grams.length) {
    if (!common[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < grams.length && common[j]) j++;
    if (j - i >= 5) drop.fill(1, i, j + 2);
    i = j;
  }
  const kept = words.filter((_, k) => drop[k] === 0);
  return kept.length > 0 ? kept : words;
}

/** Counts a text's word 3-grams in `freq` (boilerplate detection); returns them for `comparableShingles`. */
export function countBoilerplate(words: readonly string[], freq: ShingleFrequency): number[] {
  const grams = shingleHashes(words);
  freq.addText(grams);
  return grams;
}

/** Shingles of a text, boilerplate stripped against `freq` when given (`grams`: its word 3-grams, if known). */
export function comparableShingles(words: readonly string[], freq?: ShingleFrequency, grams?: number[]): number[] {
  return textShingles(
    freq ? withoutBoilerplate(words, freq, BOILERPLATE_MIN_TEXTS, grams ?? shingleHashes(words)) : words,
  );
}
