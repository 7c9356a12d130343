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

export async function collectRows(rows: AsyncIterable<DatasetRow>, sink: RowSink): Promise<void> {
  for await (const row of rows) {
    if (row.kind === 'row') sink.add(row.raw, row.where, row.line);
    else sink.addIssue(row.issue);
  }
}
