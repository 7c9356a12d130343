export interface SqliteStoreConfig {
  /** Path of the database file; `:memory:` for a throw-away store. */
  readonly path: string;
  /** Open without writing (no migrations). */
  readonly readonly?: boolean;
}
