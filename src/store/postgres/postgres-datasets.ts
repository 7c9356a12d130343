import type { Case } from '../../core/types.js';
import { DATASET_BATCH, forEachBatch } from '../batches.js';
import type { Store } from '../store.js';
import { datasetFromRow, type DatasetRow } from '../store-rows.js';
import type { CreateDatasetInput, StoredDataset } from '../types.js';
import { readCaseColumns } from './postgres-columns.js';
import type { PgStoreDb } from './postgres-driver.js';

/** Dataset versions on Postgres: the version row and its cases, written in batches. */
export function postgresDatasets(db: PgStoreDb): Store['datasets'] {
  return {
    create: async (input: CreateDatasetInput) => {
      const [stored] = await db.rows('SELECT 1 FROM datasets WHERE version = ?', [input.version]);
      if (stored !== undefined) return;
      // The cases go in first, in batches, and the dataset row last: a version is listed only
      // once all its cases are stored, so a crash part-way leaves it to be written again. Two
      // processes storing one version at once write the same rows (same content, same ids).
      const count = await forEachBatch(input.cases, DATASET_BATCH, (c, first) =>
        db.pool.query(
          `INSERT INTO cases (dataset_version, case_id, ordinal, slice, metadata, weight, data)
         SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::float8[], $7::text[])
         ON CONFLICT (dataset_version, case_id) DO UPDATE SET ordinal = excluded.ordinal, slice = excluded.slice,
           metadata = excluded.metadata, weight = excluded.weight, data = excluded.data`,
          [
            input.version,
            c.map((x) => x.id),
            c.map((_, i) => first + i),
            c.map((x) => x.slice),
            c.map((x) => JSON.stringify(x.metadata)),
            c.map((x) => x.weight),
            c.map((x) => JSON.stringify(x)),
          ],
        ),
      );
      await db.pool.query(
        'INSERT INTO datasets (version, name, case_count, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (version) DO NOTHING',
        [input.version, input.name, count, new Date().toISOString()],
      );
    },
    get: async (version: string): Promise<StoredDataset | undefined> => {
      const [row] = await db.rows<DatasetRow>('SELECT * FROM datasets WHERE version = ?', [version]);
      return row && datasetFromRow(row);
    },
    list: async (): Promise<StoredDataset[]> => {
      const rows = await db.rows<DatasetRow>('SELECT * FROM datasets ORDER BY created_at, version');
      return rows.map(datasetFromRow);
    },
    listCases: async (version: string): Promise<Case[]> => {
      const rows = await db.rows<{ data: string }>(
        'SELECT data FROM cases WHERE dataset_version = ? ORDER BY ordinal',
        [version],
      );
      return rows.map((row) => JSON.parse(row.data) as Case);
    },
    getCase: async (version: string, caseId: string): Promise<Case | undefined> => {
      const [row] = await db.rows<{ data: string }>(
        'SELECT data FROM cases WHERE dataset_version = ? AND case_id = ?',
        [version, caseId],
      );
      return row === undefined ? undefined : (JSON.parse(row.data) as Case);
    },
    listCaseColumns: async (version: string, options) => readCaseColumns(db.pool, version, options?.pageSize),
  };
}
