import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { csvLine } from '../csv.js';
import type { ExportTable } from './export-rows.js';
import { openOutput } from './open-output.js';
import { writeParquet } from './write-parquet.js';

export type ExportFormat = 'jsonl' | 'csv' | 'parquet';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'csv', 'parquet'];

/** Writes the table to `out` in the format asked for; returns the number of rows written. */
export async function writeExport(table: ExportTable, format: ExportFormat, out: string): Promise<number> {
  if (format === 'parquet') return writeParquet(table, out);
  const names = table.columns.map((c) => c.name);
  const stream = createWriteStream(out, { fd: openOutput(out) });
  // Lines are written in chunks of about 64 kB: one stream write per line costs more than the encoding.
  let pending = '';
  const write = async (text: string, flush = false) => {
    pending += text;
    if (pending.length < 65_536 && !flush) return;
    const chunk = pending;
    pending = '';
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
  let rows = 0;
  if (format === 'csv') await write(csvLine(names));
  for await (const row of table.rows()) {
    await write(
      format === 'csv' ? csvLine(row) : `${JSON.stringify(Object.fromEntries(names.map((n, i) => [n, row[i]])))}\n`,
    );
    rows++;
  }
  await write('', true);
  stream.end();
  await once(stream, 'finish');
  return rows;
}
