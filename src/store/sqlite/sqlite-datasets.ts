import type Database from 'better-sqlite3';
import type { Case } from '../../core/types.js';
import { DATASET_BATCH, forEachBatch } from '../batches.js';
import type { Store } from '../store.js';
import { datasetFromRow, type DatasetRow } from '../store-rows.js';
import type { CreateDatasetInput, StoredDataset } from '../types.js';
import { readCaseColumns } from './sqlite-columns.js';

/** Dataset versions on SQLite: the version row and its cases, written in batches. */
export function sqliteDatasets(db: Database.Database): Store['datasets'] {
  return {
    create: async (input: CreateDatasetInput) => {
      const stored = db.prepare('SELECT 1 FROM datasets WHERE version = ?').get(input.version);
      if (stored !== undefined) return;
      const insertCase = db.prepare(
        'INSERT OR REPLACE INTO cases (dataset_version, case_id, ordinal, slice, metadata, weight, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      const insertBatch = db.transaction((batch: readonly Case[], first: number) => {
        batch.forEach((c, i) => {
          insertCase.run(
            input.version,
            c.id,
            first + i,
            c.slice,
            JSON.stringify(c.metadata),
            c.weight,
            JSON.stringify(c),
          );
        });
      });
      // The cases go in first, in batches, and the dataset row last: a version is listed only
      // once all its cases are stored, so a crash part-way leaves it to be written again. Two
      // processes storing one version at once write the same rows (same content, same ids).
      const count = await forEachBatch(input.cases, DATASET_BATCH, (batch, first) =>
        insertBatch.immediate(batch, first),
      );
      db.prepare(
        'INSERT INTO datasets (version, name, case_count, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (version) DO NOTHING',
      ).run(input.version, input.name, count, new Date().toISOString());
    },
    get: async (version: string): Promise<StoredDataset | undefined> => {
      const row = db.prepare('SELECT * FROM datasets WHERE version = ?').get(version) as DatasetRow | undefined;
      return row && datasetFromRow(row);
    },
    list: async (): Promise<StoredDataset[]> => {
      const rows = db.prepare('SELECT * FROM datasets ORDER BY created_at, version').all() as DatasetRow[];
      return rows.map(datasetFromRow);
    },
    listCases: async (version: string): Promise<Case[]> => {
      const rows = db
        .prepare('SELECT data FROM cases WHERE dataset_version = ? ORDER BY ordinal')
        .pluck()
        .all(version) as string[];
      return rows.map((data) => JSON.parse(data) as Case);
    },
    getCase: async (version: string, caseId: string): Promise<Case | undefined> => {
      const data = db
        .prepare('SELECT data FROM cases WHERE dataset_version = ? AND case_id = ?')
        .pluck()
        .get(version, caseId) as string | undefined;
      return data === undefined ? undefined : (JSON.parse(data) as Case);
    },
    listCaseColumns: async (version: string, options) => readCaseColumns(db, version, options?.pageSize),
  };
}
