import type Database from 'better-sqlite3';

// A run's fold stored beside its summary (analysis/fold-snapshot): opaque bytes to the store,
// dropped by whatever changes the run's trials, reviews, owner or config.

/** Forgets the run's stored fold. */
export function dropSqliteFold(db: Database.Database, runId: string): void {
  db.prepare('DELETE FROM run_folds WHERE run_id = ?').run(runId);
}

/** Stores the run's fold, replacing any; nothing when there is no such run. */
export function writeSqliteFold(db: Database.Database, runId: string, fold: Uint8Array): void {
  dropSqliteFold(db, runId);
  db.prepare('INSERT INTO run_folds (run_id, fold) SELECT run_id, ? FROM runs WHERE run_id = ?').run(fold, runId);
}

export function readSqliteFold(db: Database.Database, runId: string): Uint8Array | undefined {
  const fold = db.prepare('SELECT fold FROM run_folds WHERE run_id = ?').pluck().get(runId) as Buffer | undefined;
  return fold === undefined ? undefined : new Uint8Array(fold.buffer, fold.byteOffset, fold.byteLength);
}
