import { resolve } from 'node:path';
import type { Store } from './store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';

export const DEFAULT_STORE_PATH = '.assay/assay.db';

export interface OpenStoreOptions {
  /** A SQLite file path (default `.assay/assay.db`, or `$ASSAY_STORE`). */
  readonly location?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** Picks and opens the store: the composition root for storage. */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const env = options.env ?? process.env;
  const location = options.location ?? env.ASSAY_STORE ?? DEFAULT_STORE_PATH;
  const path = location === ':memory:' ? location : resolve(options.cwd ?? process.cwd(), location);
  return new SqliteStore({ path });
}
