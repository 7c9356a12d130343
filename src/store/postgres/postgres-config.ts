import { AssayError } from '../../core/errors.js';

export interface PostgresStoreConfig {
  /** `postgres://user:password@host:5432/db`, optionally with `?schema=name`. */
  readonly url: string;
  /** The schema that holds Assay's tables (default `public`, or the URL's `schema` parameter). */
  readonly schema?: string;
  /** Connections in the pool (default 10). */
  readonly maxConnections?: number;
}

/** A Postgres URL taken apart: what the driver connects to, the schema, and a printable form. */
export interface PostgresTarget {
  readonly connectionString: string;
  readonly schema: string;
  /** The URL with its password replaced by `***`: safe for messages, logs and stored config. */
  readonly redacted: string;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** Reads the URL once: strips `schema` (ours, not the driver's) and redacts the password. */
export function parsePostgresTarget(config: PostgresStoreConfig): PostgresTarget {
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    throw new AssayError('STORE_URL_INVALID', `Not a valid Postgres URL: ${redactPostgresUrl(config.url)}`, {
      hint: 'Write it as postgres://user@host:5432/database (percent-encode special characters in the password).',
    });
  }
  const schema = config.schema ?? url.searchParams.get('schema') ?? 'public';
  if (!SCHEMA_NAME.test(schema)) {
    throw new AssayError('STORE_URL_INVALID', `Schema name '${schema}' is not a plain identifier.`, {
      hint: 'Use letters, digits and underscores only, e.g. ?schema=assay_team.',
    });
  }
  url.searchParams.delete('schema');
  return { connectionString: url.toString(), schema, redacted: redactPostgresUrl(config.url) };
}

/** The URL with any password replaced by `***`; never throws, even on a malformed URL. */
export function redactPostgresUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return value.replace(/(\/\/[^/:@]*:)[^@/]*@/, '$1***@');
  }
}
