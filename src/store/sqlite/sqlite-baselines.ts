import type Database from 'better-sqlite3';
import type { Store } from '../store.js';
import { baselineFromRow, baselineRunNotFound, type BaselineRow } from '../store-rows.js';
import type { StoredBaseline } from '../types.js';

/** Named baselines on SQLite: a name points at a run of this store. */
export function sqliteBaselines(db: Database.Database, location: string): Store['baselines'] {
  return {
    set: async (name: string, runId: string): Promise<StoredBaseline> => {
      if (db.prepare('SELECT 1 FROM runs WHERE run_id = ?').get(runId) === undefined)
        throw baselineRunNotFound(name, runId, location);
      const updatedAt = new Date().toISOString();
      db.prepare('INSERT OR REPLACE INTO baselines (name, run_id, updated_at) VALUES (?, ?, ?)').run(
        name,
        runId,
        updatedAt,
      );
      return { name, runId, updatedAt };
    },
    get: async (name: string) => {
      const row = db.prepare('SELECT * FROM baselines WHERE name = ?').get(name) as BaselineRow | undefined;
      return row && baselineFromRow(row);
    },
    list: async () => (db.prepare('SELECT * FROM baselines ORDER BY name').all() as BaselineRow[]).map(baselineFromRow),
  };
}
