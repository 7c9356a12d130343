import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AssayError } from '../core/errors.js';
import { isPostgresUrl } from './postgres/postgres-config.js';
import type { Store } from './store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';

export const DEFAULT_STORE_PATH = '.assay/assay.db';

export interface OpenStoreOptions {
  /**
   * A SQLite file path (default `.assay/assay.db`, or `$ASSAY_STORE`), or a Postgres URL
   * (`postgres://user@host:5432/db`, optionally `?schema=name`).
   */
  readonly location?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** For commands that only read: a missing store is an error, not a new empty one. */
  readonly mustExist?: boolean;
}

/** Picks and opens the store: the composition root for storage. */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const env = options.env ?? process.env;
  const location = options.location ?? env.ASSAY_STORE ?? DEFAULT_STORE_PATH;
  if (isPostgresUrl(location)) {
    // Loaded only here, so a SQLite user never loads the Postgres store or its driver.
    const { PostgresStore } = await import('./postgres/postgres-store.js');
    return PostgresStore.open({ url: location });
  }
  const path = location === ':memory:' ? location : resolve(options.cwd ?? process.cwd(), location);
  if (options.mustExist && path !== ':memory:' && !existsSync(path)) {
    throw new AssayError('STORE_NOT_FOUND', `No store at ${location}.`, {
      hint: 'Run an eval first (`assay run <file.eval.ts>`), or point --store (or $ASSAY_STORE) at an existing store.',
    });
  }
  return new SqliteStore({ path, mustBeStore: options.mustExist === true && path !== ':memory:' });
}
