import { stat } from 'node:fs/promises';
import { basename, extname, isAbsolute, resolve } from 'node:path';
import { AssayError } from '../core/errors.js';
import type { Case } from '../core/types.js';
import { caseList, type CaseList, type LoadDatasetOptions, type RowLocation, type StreamedDataset } from './dataset.js';
import { batchesOfOne, collectRows, type RowBatches } from './dataset-row.js';
import { assertFile, loadDataset } from './load-dataset.js';
import { parseCase } from './parse-case.js';
import { jsonlRows } from './read-jsonl.js';
import { StreamValidator } from './stream-validator.js';

type RowReader = (path: string, label: string) => RowBatches;

/** The CSV reader, loaded (with csv-parse) only when a CSV file is read. */
async function* csvRows(path: string, label: string): RowBatches {
  yield* batchesOfOne((await import('./read-csv.js')).csvRows(path, label));
}

/** Formats read row by row; the others (JSON, YAML, modules) are parsed whole by `loadDataset`. */
const STREAMED: { readonly [extension: string]: RowReader } = {
  '.jsonl': jsonlRows,
  '.ndjson': jsonlRows,
  '.csv': csvRows,
};

/**
 * Opens a dataset for a run without holding its cases: a JSONL or CSV file is validated and
 * versioned in one streaming pass (every bad row reported at once, as `loadDataset` does), and
 * its cases are then read again from the file on each iteration, so a million-case file runs
 * in flat memory. Other formats and inline arrays are loaded whole and seen as a list.
 *
 * @example
 * const ds = await openDataset('data/qa.jsonl', { baseDir: process.cwd() });
 * ds.cases.length; // 1_000_000
 * for await (const c of ds.cases) …
 */
export async function openDataset(
  source: string | readonly unknown[],
  options: LoadDatasetOptions,
): Promise<StreamedDataset> {
  const path = typeof source === 'string' ? (isAbsolute(source) ? source : resolve(options.baseDir, source)) : '';
  const extension = extname(path).toLowerCase();
  const rows = typeof source === 'string' ? STREAMED[extension] : undefined;
  if (typeof source !== 'string' || rows === undefined) {
    const loaded = await loadDataset(source, options);
    return { name: loaded.name, version: loaded.version, cases: caseList(loaded.cases), path: loaded.path };
  }
  await assertFile(path, source);
  const stamp = await fileStamp(path);
  const validator = new StreamValidator(source);
  await collectRows(rows(path, source), validator);
  const wanted = validator.wantedLines();
  if (wanted.size > 0) validator.confirm(await idsAtLines(rows(path, source), wanted));
  const { count, version, conversations } = validator.finish();
  const name = options.name ?? basename(path, extname(path));
  return { name, version, path, cases: fileCases(path, source, rows, { count, conversations }, stamp) };
}

async function idsAtLines(
  batches: RowBatches,
  lines: ReadonlySet<number>,
): Promise<Map<number, { id: string; where: RowLocation }>> {
  const found = new Map<number, { id: string; where: RowLocation }>();
  for await (const rows of batches) {
    for (const row of rows) {
      if (row.kind !== 'row' || !lines.has(row.line)) continue;
      const parsed = parseCase(row.raw, row.where);
      if (parsed.case) found.set(row.line, { id: parsed.case.id, where: row.where });
    }
  }
  return found;
}

/** Re-reads the validated file; a file that changed since (size or time, or a row that no longer parses) stops the run. */
function fileCases(
  path: string,
  label: string,
  rows: RowReader,
  counts: { readonly count: number; readonly conversations: number },
  stamp: string,
): CaseList {
  const unchanged = async () => {
    if ((await fileStamp(path).catch(() => 'gone')) !== stamp) throw changed(label);
  };
  return {
    length: counts.count,
    conversations: counts.conversations,
    async *[Symbol.asyncIterator](): AsyncGenerator<Case> {
      await unchanged();
      for await (const batch of rows(path, label)) {
        for (const row of batch) {
          const parsed = row.kind === 'row' ? parseCase(row.raw, row.where) : undefined;
          if (parsed?.case === undefined) throw changed(label);
          yield parsed.case;
        }
      }
      await unchanged();
    },
  };
}

async function fileStamp(path: string): Promise<string> {
  const info = await stat(path);
  return `${info.size}:${info.mtimeMs}`;
}

function changed(label: string): AssayError {
  return new AssayError('DATASET_CHANGED', `Dataset ${label} changed while the run was reading it.`, {
    hint: 'Leave the dataset file alone during a run; continue with --resume once it is back as it was, or start a new run.',
  });
}
