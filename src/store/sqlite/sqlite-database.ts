import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let addon: string | null | undefined;

/**
 * better-sqlite3's compiled addon, where its install builds it. Handed to the driver as
 * `nativeBinding`, so it does not search for the file through the `bindings` package (a stack
 * trace and a dozen paths tried on every start), which also lets the CLI bundle carry the
 * driver's JavaScript. Undefined when the file is elsewhere (a custom build): the driver's own
 * search then applies.
 */
function sqliteAddon(): string | undefined {
  if (addon === undefined) {
    try {
      const root = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
      const file = join(root, 'build', 'Release', 'better_sqlite3.node');
      addon = existsSync(file) ? file : null;
    } catch {
      addon = null;
    }
  }
  return addon ?? undefined;
}

/** Opens a SQLite database file with better-sqlite3: the one place the driver is constructed. */
export function openSqliteDatabase(path: string, options: Database.Options = {}): Database.Database {
  const nativeBinding = sqliteAddon();
  return new Database(path, nativeBinding === undefined ? options : { ...options, nativeBinding });
}
