/** FNV-1a over UTF-16 code units: fast, 32 bits, good enough to bucket words. */
export function hashString32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return finalize32(h);
}

/** murmur3's finaliser: spreads every input bit over the output. */
export function finalize32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Mixes a running hash with the next 32-bit value (order-sensitive). */
export function combine32(h: number, v: number): number {
  return finalize32(Math.imul(h ^ v, 0x9e3779b1) + 0x7f4a7c15);
}
