import { combine32, finalize32, hashString32 } from './hash32.js';

/** Hash functions per signature: 16 LSH bands of 4 rows. */
export const MINHASH_PERMUTATIONS = 64;
export const LSH_BANDS = 16;
export const LSH_ROWS = MINHASH_PERMUTATIONS / LSH_BANDS;
/** Words per shingle. Texts shorter than this form one shingle of all their words. */
export const SHINGLE_WORDS = 3;

// Fixed (not random) multipliers and offsets: signatures must be equal across processes.
const MULT = new Int32Array(MINHASH_PERMUTATIONS);
const SALT = new Int32Array(MINHASH_PERMUTATIONS);
for (let i = 0; i < MINHASH_PERMUTATIONS; i++) {
  MULT[i] = finalize32(0x2545f491 + i * 0x9e3779b9) | 1;
  SALT[i] = finalize32(0x68e31da4 ^ Math.imul(i + 1, 0x85ebca6b));
}

/** The 32-bit hashes of a text's word shingles. */
export function shingleHashes(words: readonly string[], size = SHINGLE_WORDS): number[] {
  const wordHashes = words.map((w) => hashString32(w));
  if (wordHashes.length === 0) return [];
  if (wordHashes.length < size) return [wordHashes.reduce((h, v) => combine32(h, v), 0x1234567)];
  const out: number[] = [];
  for (let i = 0; i + size <= wordHashes.length; i++) {
    let h = 0x1234567;
    for (let j = 0; j < size; j++) h = combine32(h, wordHashes[i + j]);
    out.push(h);
  }
  return out;
}

/**
 * A MinHash signature of a set of shingle hashes: for each of 64 hash functions, the
 * smallest value over the set. Two signatures agree on a position with probability equal
 * to the Jaccard similarity of the sets. An empty set gives all-0xffffffff.
 *
 * @example
 * const s = minHashSignature(shingleHashes(normalizeWords('reset my password please')));
 */
export function minHashSignature(
  shingles: readonly number[],
  out = new Uint32Array(MINHASH_PERMUTATIONS),
): Uint32Array {
  out.fill(0xffffffff);
  for (const s of shingles) {
    for (let i = 0; i < MINHASH_PERMUTATIONS; i++) {
      let x = Math.imul(s ^ SALT[i], MULT[i]);
      x ^= x >>> 15;
      x = Math.imul(x, 0x2c1b3c6d);
      x = (x ^ (x >>> 12)) >>> 0;
      if (x < out[i]) out[i] = x;
    }
  }
  return out;
}

/** Share of positions where two signatures agree: an unbiased estimate of Jaccard similarity. */
export function estimateJaccard(a: Uint32Array, aOffset: number, b: Uint32Array, bOffset = 0): number {
  let same = 0;
  for (let i = 0; i < MINHASH_PERMUTATIONS; i++) if (a[aOffset + i] === b[bOffset + i]) same++;
  return same / MINHASH_PERMUTATIONS;
}

/** The hash of band `band` of a signature, used as the LSH bucket key. */
export function bandHash(sig: Uint32Array, band: number, offset = 0): number {
  let h = 0x5bd1e995 + band;
  const start = offset + band * LSH_ROWS;
  for (let i = 0; i < LSH_ROWS; i++) h = combine32(h, sig[start + i]);
  return h;
}

/** Exact Jaccard similarity of two sets of shingle hashes (for small, in-memory checks). */
export function jaccard(a: readonly number[], b: readonly number[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size === 0 && sb.size === 0) return 1;
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  return inter / (sa.size + sb.size - inter);
}
