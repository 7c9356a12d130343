import { InvalidArgumentError, type Command } from 'commander';
import { dirname, join } from 'node:path';
import { formatCount } from '../core/format-count.js';
import { seedProblem } from '../stats/rng.js';
import { DEFAULT_STORE_PATH, openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';

export interface StoreOption {
  readonly store?: string;
}

/** Adds `--store <path>` to a command (default `.assay/assay.db`, or `ASSAY_STORE`; a postgres:// URL for a shared store). */
export function withStoreOption(command: Command): Command {
  return command.option(
    '--store <path>',
    'where runs are stored: a SQLite file or a postgres:// URL (default .assay/assay.db, or $ASSAY_STORE)',
  );
}

/**
 * Opens the store for the duration of `fn` and always closes it. `read` commands refuse a
 * store that does not exist instead of creating an empty one.
 */
export async function usingStore<T>(
  options: StoreOption,
  fn: (store: Store) => Promise<T>,
  mode: 'read' | 'write' = 'write',
): Promise<T> {
  const store = await openStore({ location: options.store, mustExist: mode === 'read' });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** `usingStore` for commands that only read what runs stored. */
export function readingStore<T>(options: StoreOption, fn: (store: Store) => Promise<T>): Promise<T> {
  return usingStore(options, fn, 'read');
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, jsonReplacer, 2)}\n`);
}

/** NaN and ±Infinity are not JSON: write them as null so scripts can parse the output. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

/** Parses `--seed`: a whole number in [0, 2^32 − 1] (anything else would silently alias another seed). */
export function parseSeed(value: string): number {
  const problem = value.trim() === '' ? 'must be a whole number ≥ 0, got nothing' : seedProblem(Number(value));
  if (problem) throw new InvalidArgumentError(`--seed ${problem.replace(/got .*$/, `got '${value}'`)}.`);
  return Number(value);
}

/**
 * Parses a share between 0 and 1 (`0.05`), or throws a usage error naming the flag. With
 * `aboveZero`, 0 is refused too (a threshold such as a similarity, where 0 would match everything).
 */
export function parseShare(flag: string, { aboveZero = false } = {}): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1 || (aboveZero && n === 0)) {
      const range = aboveZero ? 'a number in (0, 1]' : 'a share between 0 and 1 (e.g. 0.05)';
      throw new InvalidArgumentError(`${flag} must be ${range}, got '${value}'.`);
    }
    return n;
  };
}

/** Parses a positive integer flag (at most `max`), or throws a usage error naming the flag. */
export function parsePositiveInt(flag: string, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
      throw new InvalidArgumentError(`${flag} must be a positive whole number, got '${value}'.`);
    }
    if (n > max) {
      throw new InvalidArgumentError(`${flag} must be at most ${formatCount(max)}, got ${value}.`);
    }
    return n;
  };
}

/** Parses a whole number ≥ 0 (a count that may be zero), or throws a usage error naming the flag. */
export function parseWholeNumber(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < 0)
      throw new InvalidArgumentError(`${flag} must be a whole number ≥ 0, got '${value}'.`);
    return n;
  };
}

/** A repeatable option: each use adds its value (`--where a=1 --where b=2`). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** A repeatable, comma-separated option: `--strata intent,language --strata tier` gives all three. */
export function collectList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

/**
 * Model replies are cached beside a SQLite store they belong to; with a shared (Postgres)
 * store, in `.assay/cache` of the machine that calls the target. ASSAY_CACHE_DIR overrides both.
 */
export function responseCacheDir(store: Store): string | undefined {
  if (store.kind !== 'sqlite') return join(dirname(DEFAULT_STORE_PATH), 'cache');
  return store.location === ':memory:' ? undefined : join(dirname(store.location), 'cache');
}
