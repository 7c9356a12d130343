import type Database from 'better-sqlite3';
import { openSqliteDatabase } from './sqlite-database.js';
import { AssayError } from '../../core/errors.js';
import { allSqlViews, readOnlyError, SQL_VIEW_PREFIX } from '../sql-views.js';
import type { SqlResult } from '../store.js';

/**
 * Runs one statement on a second, read-only connection to the store file, where the `sql_*`
 * views also go by their plain names (temporary views shadow the tables of the same name).
 * The read-only connection is what refuses writes; the check before it only words the error.
 */
export function querySqliteReadOnly(path: string, text: string): SqlResult {
  if (path === ':memory:') {
    throw new AssayError('SQL_UNSUPPORTED', 'assay sql needs a store file, not an in-memory store.', {
      hint: 'Point --store (or $ASSAY_STORE) at a store file.',
    });
  }
  const db = openSqliteDatabase(path, { readonly: true, fileMustExist: true });
  try {
    for (const view of allSqlViews)
      db.exec(`CREATE TEMP VIEW ${view.name} AS SELECT * FROM main.${SQL_VIEW_PREFIX}${view.name}`);
    db.pragma('query_only = ON');
    let statement: Database.Statement;
    try {
      statement = db.prepare(text);
    } catch (error) {
      throw sqlError(error, text);
    }
    if (!statement.reader) {
      throw readOnlyError();
    }
    try {
      const columns = statement.columns().map((c) => c.name);
      const rows = statement.raw(true).all() as unknown[][];
      return { columns, rows };
    } catch (error) {
      throw sqlError(error, text);
    }
  } finally {
    db.close();
  }
}

const WRITE_STATEMENT =
  /^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*(insert|update|delete|replace|create|drop|alter|attach|detach|reindex|vacuum|analyze)\b/i;

function sqlError(error: unknown, text: string): AssayError {
  const code = (error as { code?: string }).code;
  // Why the keyword test: a write aimed at a view name (DELETE FROM scores) fails while it is
  // prepared, before the read-only connection itself gets to refuse it.
  if (code === 'SQLITE_READONLY' || WRITE_STATEMENT.test(text)) {
    return readOnlyError();
  }
  return new AssayError('SQL_INVALID', `The query failed: ${(error as Error).message}`, {
    hint: `Check the query (${text.length > 80 ? `${text.slice(0, 79)}…` : text}); docs/sql.md lists every view and column.`,
    cause: error,
  });
}
