/**
 * A compact index from strings to numbers (a line, a byte offset) that keeps only a 64-bit
 * hash of each key: about 17 bytes a slot instead of a JS string and a Map entry (~100 bytes),
 * so a million keys cost ~34 MB instead of ~100 MB and the keys themselves are never held.
 *
 * Two different keys can share a hash, so `find` never trusts one: every slot with the key's
 * hash is offered to `confirm`, which checks the real key (by re-reading the line, say).
 * Several entries with the same hash may be stored side by side.
 *
 * @example
 * const index = new StringHashIndex();
 * index.add('case-1', 14); // line 14
 * index.find('case-1', (line) => idAtLine(line) === 'case-1'); // 14
 */
export class StringHashIndex {
  #hi = new Uint32Array(1024);
  #lo = new Uint32Array(1024);
  #values = new Float64Array(1024);
  #used = new Uint8Array(1024);
  #size = 0;
  readonly #hash: (key: string) => [number, number];

  /** `hash` is for tests, to force collisions; the default is {@link hash64}. */
  constructor(hash: (key: string) => [number, number] = hash64) {
    this.#hash = hash;
  }

  get size(): number {
    return this.#size;
  }

  // The hash pair is read by index, not destructured: a dataset's rows are checked before V8 has
  // optimised this code, and unoptimised, `const [hi, lo] = …` runs the iterator protocol.
  add(key: string, value: number): void {
    if ((this.#size + 1) * 4 > this.#used.length * 3) this.#grow();
    const hash = this.#hash(key);
    this.#place(hash[0], hash[1], value);
    this.#size += 1;
  }

  /** The value of the first entry whose hash matches and that `confirm` accepts. */
  find(key: string, confirm: (value: number) => boolean = () => true): number | undefined {
    const hash = this.#hash(key);
    const hi = hash[0];
    const lo = hash[1];
    const mask = this.#used.length - 1;
    for (let slot = lo & mask; this.#used[slot] === 1; slot = (slot + 1) & mask) {
      if (this.#hi[slot] === hi && this.#lo[slot] === lo && confirm(this.#values[slot]!)) return this.#values[slot];
    }
    return undefined;
  }

  /** `find(key)`, and when it finds nothing, `add(key, value)`: the key is hashed once. */
  findOrAdd(key: string, value: number): number | undefined {
    if ((this.#size + 1) * 4 > this.#used.length * 3) this.#grow();
    const hash = this.#hash(key);
    const hi = hash[0];
    const lo = hash[1];
    const mask = this.#used.length - 1;
    let slot = lo & mask;
    for (; this.#used[slot] === 1; slot = (slot + 1) & mask) {
      if (this.#hi[slot] === hi && this.#lo[slot] === lo) return this.#values[slot];
    }
    this.#used[slot] = 1;
    this.#hi[slot] = hi;
    this.#lo[slot] = lo;
    this.#values[slot] = value;
    this.#size += 1;
    return undefined;
  }

  #place(hi: number, lo: number, value: number): void {
    const mask = this.#used.length - 1;
    let slot = lo & mask;
    while (this.#used[slot] === 1) slot = (slot + 1) & mask;
    this.#used[slot] = 1;
    this.#hi[slot] = hi;
    this.#lo[slot] = lo;
    this.#values[slot] = value;
  }

  #grow(): void {
    const { length } = this.#used;
    const [hi, lo, values, used] = [this.#hi, this.#lo, this.#values, this.#used];
    this.#hi = new Uint32Array(length * 2);
    this.#lo = new Uint32Array(length * 2);
    this.#values = new Float64Array(length * 2);
    this.#used = new Uint8Array(length * 2);
    for (let i = 0; i < length; i++) if (used[i] === 1) this.#place(hi[i]!, lo[i]!, values[i]!);
  }
}

/** Two independent 32-bit MurmurHash3-style hashes of the UTF-16 code units: 64 bits. */
export function hash64(key: string): [number, number] {
  let h1 = 0x9747b28c | 0;
  let h2 = 0x85ebca6b ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const k = Math.imul(key.charCodeAt(i), 0xcc9e2d51);
    // `| 0` keeps each lane a 32-bit integer (every use of it truncates to 32 bits anyway), so the
    // loop runs in integer arithmetic instead of on doubles.
    h1 = (Math.imul(h1 ^ Math.imul((k << 15) | (k >>> 17), 0x1b873593) ^ (h1 >>> 13), 5) + 0xe6546b64) | 0;
    h2 = (Math.imul(h2 ^ k, 0x01000193) + ((h2 << 7) | (h2 >>> 25))) | 0;
  }
  return [finalMix(h1 ^ key.length), finalMix(h2)];
}

function finalMix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
