import type { Store } from '../store.js';
import { baselineFromRow, baselineRunNotFound, type BaselineRow } from '../store-rows.js';
import type { StoredBaseline } from '../types.js';
import type { PgStoreDb } from './postgres-driver.js';

/** Named baselines on Postgres: a name points at a run of this store. */
export function postgresBaselines(db: PgStoreDb, location: string): Store['baselines'] {
  return {
    set: async (name: string, runId: string): Promise<StoredBaseline> => {
      const [run] = await db.rows('SELECT 1 FROM runs WHERE run_id = ?', [runId]);
      if (run === undefined) throw baselineRunNotFound(name, runId, location);
      const updatedAt = new Date().toISOString();
      await db.rows(
        `INSERT INTO baselines (name, run_id, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET run_id = excluded.run_id, updated_at = excluded.updated_at`,
        [name, runId, updatedAt],
      );
      return { name, runId, updatedAt };
    },
    get: async (name: string) => {
      const [row] = await db.rows<BaselineRow>('SELECT * FROM baselines WHERE name = ?', [name]);
      return row && baselineFromRow(row);
    },
    list: async () => (await db.rows<BaselineRow>('SELECT * FROM baselines ORDER BY name')).map(baselineFromRow),
  };
}
