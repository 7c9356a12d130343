import { closeSync } from 'node:fs';
import type { ExportColumnType, ExportTable, ExportValue } from './export-rows.js';
import { openOutput } from './open-output.js';

const PARQUET_TYPES = { string: 'STRING', double: 'DOUBLE', int: 'INT32', boolean: 'BOOLEAN' } as const;
/** Rows per row group: large enough for good compression, small enough to keep memory flat. */
const ROW_GROUP = 50_000;

/**
 * Writes the table as Parquet with hyparquet-writer (pure JS, no native build), one row group
 * per 50,000 rows, every column nullable, Snappy-compressed. Loaded lazily: only `export` needs it.
 */
export async function writeParquet(table: ExportTable, out: string): Promise<number> {
  const { ParquetWriter, fileWriter, schemaFromColumnData } = await import('hyparquet-writer');
  const schema = schemaFromColumnData({
    columnData: table.columns.map((c) => ({ name: c.name, data: [], type: PARQUET_TYPES[c.type as ExportColumnType] })),
  });
  closeSync(openOutput(out));
  const writer = fileWriter(out);
  const parquet = new ParquetWriter({ writer, schema, createdBy: 'assay' });
  let batch: ExportValue[][] = [];
  let rows = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const rowsNow = batch;
    const columnData = table.columns.map((c, i) => ({ name: c.name, data: rowsNow.map((r) => r[i]) }));
    await parquet.write({ columnData, rowGroupSize: ROW_GROUP });
    batch = [];
  };
  for await (const row of table.rows()) {
    batch.push(row);
    rows++;
    if (batch.length >= ROW_GROUP) await flush();
  }
  await flush();
  await parquet.finish();
  return rows;
}
