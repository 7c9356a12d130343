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
 * A file of at most this many cases and bytes keeps the cases its validating pass parsed: a
 * run reads its cases twice more (the trials, and storing them), ~40 ms of CPU at 10,000 cases,
 * while holding them costs a few MB. Larger files are read again on each pass, in flat memory.
 */
export const HOLD_CASES = 20_000;
const HOLD_BYTES = 32 * 1024 * 1024;

/**
 * Opens a dataset for a run without holding its cases: a JSONL or CSV file is validated and
 * versioned in one streaming pass (every bad row reported at once, as `loadDataset` does), and
 * its cases are then read again from the file on each iteration, so a million-case file runs
 * in flat memory. A small file (`HOLD_CASES`) keeps the cases that pass parsed instead, so what
 * runs is exactly what was validated. Other formats and inline arrays are loaded whole and seen
 * as a list. `holdCases` overrides `HOLD_CASES` (0: always read the file again).
 *
 * @example
 * const ds = await openDataset('data/qa.jsonl', { baseDir: process.cwd() });
 * ds.cases.length; // 1_000_000
 * for await (const c of ds.cases) …
 */
export async function openDataset(
  source: string | readonly unknown[],
  options: LoadDatasetOptions & { readonly holdCases?: number },
): Promise<StreamedDataset> {
  const path = typeof source === 'string' ? (isAbsolute(source) ? source : resolve(options.baseDir, source)) : '';
  const extension = extname(path).toLowerCase();
  const rows = typeof source === 'string' ? STREAMED[extension] : undefined;
  if (typeof source !== 'string' || rows === undefined) {
    const loaded = await loadDataset(source, options);
    return { name: loaded.name, version: loaded.version, cases: caseList(loaded.cases), path: loaded.path };
  }
  await assertFile(path, source);
  const info = await stat(path);
  const stamp = stampOf(info);
  const keepUpTo = info.size <= HOLD_BYTES ? (options.holdCases ?? HOLD_CASES) : 0;
  const validator = new StreamValidator(source, { keepUpTo });
  await collectRows(rows(path, source), validator);
  const wanted = validator.wantedLines();
  if (wanted.size > 0) validator.confirm(await idsAtLines(rows(path, source), wanted));
  const { count, version, conversations, cases: held } = validator.finish();
  const name = options.name ?? basename(path, extname(path));
  if (held !== undefined) return { name, version, path, cases: { ...caseList(held), conversations } };
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
  return stampOf(await stat(path));
}

function stampOf(info: { readonly size: number; readonly mtimeMs: number }): string {
  return `${info.size}:${info.mtimeMs}`;
}

function changed(label: string): AssayError {
  return new AssayError('DATASET_CHANGED', `Dataset ${label} changed while the run was reading it.`, {
    hint: 'Leave the dataset file alone during a run; continue with --resume once it is back as it was, or start a new run.',
  });
}
