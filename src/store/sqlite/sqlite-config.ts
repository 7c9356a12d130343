export interface SqliteStoreConfig {
  /** Path of the database file; `:memory:` for a throw-away store. */
  readonly path: string;
  /** Open without writing (no migrations). */
  readonly readonly?: boolean;
  /** Refuse a database that Assay did not create (read commands must not turn any file into a store). */
  readonly mustBeStore?: boolean;
}
