import type Database from 'better-sqlite3';
import { foldParts, joinFoldParts } from '../fold-parts.js';

// A run's fold stored beside its summary (analysis/fold-snapshot): opaque bytes to the store,
// in parts (store/fold-parts.ts), dropped by whatever changes the run's trials, reviews, owner
// or config.

/** Forgets the run's stored fold. */
export function dropSqliteFold(db: Database.Database, runId: string): void {
  db.prepare('DELETE FROM run_folds WHERE run_id = ?').run(runId);
}

/** Stores the run's fold, replacing any; nothing when there is no such run. Call inside a transaction. */
export function writeSqliteFold(db: Database.Database, runId: string, fold: Uint8Array): void {
  dropSqliteFold(db, runId);
  if (db.prepare('SELECT 1 FROM runs WHERE run_id = ?').get(runId) === undefined) return;
  const insert = db.prepare('INSERT INTO run_folds (run_id, part, bytes) VALUES (?, ?, ?)');
  foldParts(fold).forEach((part, i) => insert.run(runId, i, part));
}

export function readSqliteFold(db: Database.Database, runId: string): Uint8Array | undefined {
  const parts = db.prepare('SELECT bytes FROM run_folds WHERE run_id = ? ORDER BY part').pluck().all(runId) as Buffer[];
  return joinFoldParts(parts.map((p) => new Uint8Array(p.buffer, p.byteOffset, p.byteLength)));
}
