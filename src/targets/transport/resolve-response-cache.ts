import { resolve } from 'node:path';
import { createFileResponseCache, defaultCacheDir } from './file-response-cache.js';
import type { ResponseCache } from './response-cache.js';

/**
 * The cache an HTTP target uses: one handed in by the environment (tests, a runner sharing
 * one cache), else files under `cacheDir` (relative to the eval file's folder), else
 * `ASSAY_CACHE_DIR`, else `.assay/cache` in the working directory (beside `.assay/assay.db`).
 */
export function resolveResponseCache(
  environment: { readonly env: NodeJS.ProcessEnv; readonly baseDir?: string; readonly cache?: ResponseCache },
  cacheDir?: string,
): ResponseCache {
  if (environment.cache) return environment.cache;
  if (cacheDir) return createFileResponseCache({ dir: resolve(environment.baseDir ?? process.cwd(), cacheDir) });
  return createFileResponseCache({ dir: resolve(environment.env.ASSAY_CACHE_DIR ?? defaultCacheDir) });
}
