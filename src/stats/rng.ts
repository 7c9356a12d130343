/**
 * Seeded pseudo-random numbers for every resampling routine in `stats/`.
 *
 * Why our own generator: `Math.random` cannot be seeded, and the spec requires that every
 * bootstrap and permutation result can be reproduced from the seed it reports. We use
 * xoshiro128** (Blackman & Vigna): 128 bits of state, 32-bit output, all arithmetic in
 * 32-bit integers, which V8 compiles to a handful of machine instructions. The state is
 * expanded from the seed with splitmix32 so that nearby seeds give unrelated streams.
 */

/** A seeded generator. `state` is exposed so hot loops can inline the same stream. */
export interface Rng {
  /** The seed the generator was created from (reported next to every random result). */
  readonly seed: number;
  /** The four 32-bit state words; hot loops copy them to locals and write them back. */
  readonly state: Uint32Array;
  /** Next uniform double in [0, 1) with 53 random bits. */
  next(): number;
  /** Next uniform unsigned 32-bit integer. */
  nextUint32(): number;
  /** Uniform integer in [0, n) without modulo bias. */
  int(n: number): number;
}

/** The seed used when a caller gives neither `rng` nor `seed`; it is still reported. */
export const DEFAULT_SEED = 20240601;

const TWO_POW_32 = 4294967296;

/** splitmix32 step, used only to expand a seed into the xoshiro state. */
function splitmix32(x: number): [number, number] {
  const next = (x + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

/**
 * Advance a xoshiro128** state held in a Uint32Array and return the 32-bit output.
 * Exported for the resamplers, which inline the same recurrence on local variables.
 */
export function xoshiroStep(s: Uint32Array): number {
  const s1 = s[1];
  const m = Math.imul(s1, 5);
  const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
  const t = s1 << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = (s[3] << 11) | (s[3] >>> 21);
  return result;
}

/**
 * Why a seed is unusable, or undefined when it is fine. Seeds are whole numbers in
 * [0, 2^32 − 1]: the generator reduces a seed to 32 bits, so 1.9 and 2^32 + 1 would silently
 * give the stream of seed 1.
 */
export function seedProblem(seed: number): string | undefined {
  if (!Number.isSafeInteger(seed) || seed < 0) return `must be a whole number ≥ 0, got ${seed}`;
  if (seed > 0xffffffff) return `must be at most ${0xffffffff} (seeds are 32-bit), got ${seed}`;
  return undefined;
}

/**
 * Create a seeded generator. The seed may be any finite number; it is reduced to 32 bits
 * (integers in [0, 2^32) map one-to-one).
 */
export function createRng(seed: number = DEFAULT_SEED): Rng {
  if (!Number.isFinite(seed)) {
    throw new RangeError(`createRng: seed must be a finite number, got ${seed}; pass an integer such as 42`);
  }
  const state = new Uint32Array(4);
  let x = Math.trunc(seed) >>> 0;
  for (let i = 0; i < 4; i++) {
    const [nx, z] = splitmix32(x);
    x = nx;
    state[i] = z;
  }
  // The all-zero state is a fixed point of xoshiro; splitmix never yields it, but be explicit.
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;

  const nextUint32 = (): number => xoshiroStep(state);
  return {
    seed,
    state,
    nextUint32,
    next(): number {
      const hi = nextUint32() >>> 5; // 27 bits
      const lo = nextUint32() >>> 6; // 26 bits
      return (hi * 67108864 + lo) / 9007199254740992;
    },
    int(n: number): number {
      if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
        throw new RangeError(`rng.int: n must be an integer in [1, 2^32], got ${n}`);
      }
      // Lemire's multiply-shift with rejection: exact uniformity, rarely loops.
      const threshold = (TWO_POW_32 - n) % n;
      for (;;) {
        const m = nextUint32() * n;
        const low = m % TWO_POW_32;
        if (low >= threshold) return Math.floor(m / TWO_POW_32);
      }
    },
  };
}

/** Resolve the generator for a randomised routine: an explicit rng, else a seed, else the default. */
export function resolveRng(options: { rng?: Rng; seed?: number } | undefined): Rng {
  if (options?.rng) return options.rng;
  return createRng(options?.seed ?? DEFAULT_SEED);
}
