import { randomBytes } from 'node:crypto';
import { loadPg } from '../../src/store/postgres/postgres-driver.js';

/**
 * The test Postgres from `ASSAY_TEST_POSTGRES_URL`, with its database created if missing;
 * undefined (and a clear line on stderr) when the variable is unset.
 */
export async function postgresTestUrl(suite: string): Promise<string | undefined> {
  const url = process.env.ASSAY_TEST_POSTGRES_URL;
  if (!url) {
    process.stderr.write(
      `skipped: ${suite} needs Postgres; set ASSAY_TEST_POSTGRES_URL=postgres://user@127.0.0.1:5432/test\n`,
    );
    return undefined;
  }
  const { Pool } = await loadPg();
  const admin = new URL(url);
  const database = decodeURIComponent(admin.pathname.slice(1)) || 'postgres';
  admin.pathname = '/postgres';
  const pool = new Pool({ connectionString: admin.toString(), max: 1 });
  try {
    const { rows } = await pool.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rows.length === 0) {
      await pool.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        // Another test file created it at the same moment.
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
    }
  } finally {
    await pool.end();
  }
  return url;
}

/** A schema name no other test (or test file running in parallel) uses. */
export function uniqueSchema(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** The URL with `?schema=` set, as a user would write it. */
export function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  return u.toString();
}

/** Drops the schemas a test created (and their queue schemas, if any). */
export async function dropSchemas(url: string, schemas: readonly string[]): Promise<void> {
  if (schemas.length === 0) return;
  const { Pool } = await loadPg();
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    for (const schema of schemas) {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}_queue" CASCADE`);
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}_sql" CASCADE`);
    }
  } finally {
    await pool.end();
  }
}
