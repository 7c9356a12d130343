import { AssayError } from '../../core/errors.js';
import { readOnlyError, SQL_VIEW_PREFIX, sqlViews, type SqlView, type SqlViewDialect } from '../sql-views.js';
import type { SqlResult } from '../store.js';
import { loadPg, type PgPool, type PgTypes } from './postgres-driver.js';

/** The view expressions for Postgres: JSON is stored as text and read through jsonb. */
export function postgresViewDialect(schema: string): SqlViewDialect {
  return {
    name: 'postgres',
    table: (name) => `"${schema}".${name}`,
    jsonText: (column, key) => `(${column}::jsonb ->> '${key}')`,
    jsonValue: (column, key) => `(${column}::jsonb -> '${key}')`,
    json: (column) => `${column}::jsonb`,
    flag: (column) => column,
  };
}

/** The schema where the views go by their plain names (`runs`, `cases`…), for `assay sql`. */
export function plainViewSchema(schema: string): string {
  return `${schema}_sql`;
}

/** `sql_*` views beside the tables (for any SQL client) and plain-named ones in `<schema>_sql`. */
export function postgresViewStatements(schema: string, views: readonly SqlView[] = sqlViews): string[] {
  const d = postgresViewDialect(schema);
  const plain = plainViewSchema(schema);
  return [
    ...views.map((v) => `CREATE VIEW "${schema}".${SQL_VIEW_PREFIX}${v.name} AS ${v.select(d)}`),
    `CREATE SCHEMA IF NOT EXISTS "${plain}"`,
    ...views.map((v) => `CREATE VIEW "${plain}".${v.name} AS SELECT * FROM "${schema}".${SQL_VIEW_PREFIX}${v.name}`),
  ];
}

const JSON_OIDS = new Set([114, 3802]);

/** pg's parsers, except that JSON stays text: `assay sql` prints JSON columns as SQLite does. */
async function jsonAsText(): Promise<PgTypes> {
  const { types } = await loadPg();
  return {
    getTypeParser: (oid, format) => (JSON_OIDS.has(oid) ? (value: string) => value : types.getTypeParser(oid, format)),
  };
}

const WRITE_STATEMENT =
  /^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*(insert|update|delete|merge|create|drop|alter|truncate|grant|revoke|copy|vacuum|analyze)\b/i;

/**
 * One statement in a READ ONLY transaction that sees only the plain-named views, rolled back
 * afterwards. The transaction is what refuses writes; the checks only word the error.
 */
export async function queryPostgresReadOnly(pool: PgPool, schema: string, text: string): Promise<SqlResult> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN READ ONLY');
    await client.query(`SET LOCAL search_path = "${plainViewSchema(schema)}"`);
    try {
      const result = await client.query<unknown[]>({ text, rowMode: 'array', types: await jsonAsText() });
      if (result.command !== 'SELECT' && result.command !== 'SHOW') throw readOnlyError();
      return { columns: result.fields.map((f) => f.name), rows: result.rows };
    } catch (error) {
      if (error instanceof AssayError) throw error;
      const code = (error as { code?: string }).code;
      if (code === '25006' || code === '42501' || WRITE_STATEMENT.test(text)) throw readOnlyError();
      throw new AssayError('SQL_INVALID', `The query failed: ${(error as Error).message}`, {
        hint: `Check the query (${text.length > 80 ? `${text.slice(0, 79)}…` : text}); docs/sql.md lists every view and column.`,
        cause: error,
      });
    }
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}
