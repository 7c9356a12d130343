import type { Issue } from '../core/errors.js';
import type { RowLocation } from './dataset.js';

/** What a streaming reader yields: a raw row with its place in the file, or a problem found before parsing. */
export type DatasetRow =
  | { readonly kind: 'row'; readonly raw: unknown; readonly where: RowLocation; readonly line: number }
  | { readonly kind: 'issue'; readonly issue: Issue };

/** Where rows go: the collector of `loadDataset` or the streaming validator of `openDataset`. */
export interface RowSink {
  add(raw: unknown, where: RowLocation, line?: number): void;
  addIssue(issue: Issue): void;
}

/**
 * How a streaming reader hands out its rows: a batch at a time (a JSONL reader's batch is one
 * chunk of the file), because each step of an async iteration costs about as much as checking a
 * small row; memory still holds one chunk's rows, not the file's.
 */
export type RowBatches = AsyncIterable<readonly DatasetRow[]>;

/** Rows from a reader that has them one at a time (a CSV parser's records), as batches of one. */
export async function* batchesOfOne(rows: AsyncIterable<DatasetRow>): AsyncGenerator<readonly DatasetRow[]> {
  for await (const row of rows) yield [row];
}

export async function collectRows(batches: RowBatches, sink: RowSink): Promise<void> {
  for await (const rows of batches) {
    // Indexed, not `for … of`: this runs before V8 has optimised it (see parse-case.ts).
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k]!;
      if (row.kind === 'row') sink.add(row.raw, row.where, row.line);
      else sink.addIssue(row.issue);
    }
  }
}
