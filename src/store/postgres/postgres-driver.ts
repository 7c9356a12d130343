import { AssayError } from '../../core/errors.js';

// The part of node-postgres (`pg`) Assay uses, declared here so that the library never
// depends on `pg` at build time and a SQLite user never loads it.

export interface PgResult<R> {
  readonly rows: R[];
  readonly rowCount: number | null;
}

export interface PgQueryable {
  query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<PgResult<R>>;
}

/** A result read with `rowMode: 'array'`: rows as arrays, and the columns' names. */
export interface PgArrayResult<R> extends PgResult<R> {
  readonly command: string;
  readonly fields: readonly { readonly name: string }[];
}

export interface PgClient extends PgQueryable {
  query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<PgResult<R>>;
  query<R = unknown[]>(config: {
    readonly text: string;
    readonly rowMode: 'array';
    readonly types?: PgTypes;
  }): Promise<PgArrayResult<R>>;
  release(error?: Error | boolean): void;
}

export interface PgPool extends PgQueryable {
  connect(): Promise<PgClient>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** What the store's parts (datasets, reviews) share of it: the pool, `?`-placeholder rows, a transaction. */
export interface PgStoreDb {
  readonly pool: PgPool;
  readonly rows: <R>(sql: string, params?: readonly unknown[]) => Promise<R[]>;
  readonly transaction: <T>(fn: (db: PgQueryable) => Promise<T>) => Promise<T>;
}

export interface PgPoolConfig {
  readonly connectionString: string;
  readonly max?: number;
  /** Startup options, e.g. `-c search_path=…`. */
  readonly options?: string;
  readonly application_name?: string;
}

/** Value parsers by type oid (`pg.types`). */
export interface PgTypes {
  getTypeParser(oid: number, format?: string): (value: string) => unknown;
}

interface PgModule {
  readonly Pool: new (config: PgPoolConfig) => PgPool;
  readonly types: PgTypes;
}

let loaded: Promise<PgModule> | undefined;
// A variable specifier keeps TypeScript from resolving `pg` at build time.
const PG_MODULE = 'pg';

/** Imports `pg` on first use, or says how to install it. */
export function loadPg(): Promise<PgModule> {
  loaded ??= (import(PG_MODULE) as Promise<{ default?: PgModule } & Partial<PgModule>>).then(
    (mod) => (mod.default ?? mod) as PgModule,
    (error: unknown) => {
      loaded = undefined;
      throw new AssayError('STORE_DRIVER_MISSING', 'The Postgres store needs the optional package `pg`.', {
        hint: 'Install it with: npm install pg',
        cause: error,
      });
    },
  );
  return loaded;
}

/** Rewrites `?` placeholders as `$1, $2, …` (our SQL never holds a literal question mark). */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
