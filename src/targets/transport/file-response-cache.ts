import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { CachedResponse, ResponseCache } from './response-cache.js';

/** Where the response cache lives unless a target or `ASSAY_CACHE_DIR` says otherwise. */
export const defaultCacheDir = '.assay/cache';

/**
 * A directory of JSON files, one per cached reply, sharded by the first two hex characters
 * of the key (`.assay/cache/ab/abcdef….json`).
 *
 * Why files rather than the SQLite store: targets must not depend on the store (a target can
 * run without one, e.g. a judge called from a script); several processes can share the cache
 * safely because each entry is written to a temporary file and renamed into place atomically;
 * and a person can inspect an entry or clear the cache with `rm -rf .assay/cache`.
 *
 * @example
 * const cache = createFileResponseCache({ dir: '.assay/cache' });
 */
export function createFileResponseCache(options: { dir: string }): ResponseCache & { readonly dir: string } {
  const dir = resolve(options.dir);
  const pathOf = (key: string) => join(dir, key.slice(0, 2), `${key}.json`);
  return {
    kind: 'file',
    dir,
    async get(key) {
      let text: string;
      try {
        text = await readFile(pathOf(key), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      try {
        return JSON.parse(text) as CachedResponse;
      } catch {
        // Why a miss and not an error: a half-written file from a crashed writer is just a stale entry.
        return undefined;
      }
    },
    async set(key, value) {
      const path = pathOf(key);
      await mkdir(join(dir, key.slice(0, 2)), { recursive: true });
      const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temp, JSON.stringify(value), 'utf8');
      await rename(temp, path);
    },
  };
}
