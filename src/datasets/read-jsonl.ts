import { createReadStream } from 'node:fs';
import type { CaseCollector } from './case-collector.js';
import { collectRows, type DatasetRow } from './dataset-row.js';

/** Streams a JSONL file into the collector, one case a line; blank lines are skipped. */
export async function readJsonl(path: string, label: string, collector: CaseCollector): Promise<void> {
  await collectRows(jsonlRows(path, label), collector);
}

const BATCH = 256;

/**
 * The rows of a JSONL file, read in 1 MB chunks and handed out up to `BATCH` rows at a time:
 * memory does not grow with the file. A batch is small so that its rows are still young when they
 * are dropped (a whole chunk's rows, held while a run works through them, were kept long enough to
 * be moved to the old space, which raised the peak memory of a run).
 */
export async function* jsonlRows(path: string, label: string): AsyncGenerator<readonly DatasetRow[]> {
  let lineNo = 0;
  const handle = (line: string): DatasetRow | undefined => {
    lineNo += 1;
    const text = lineNo === 1 ? line.replace(/^\uFEFF/, '') : line;
    if (text.trim() === '') return undefined;
    const where = `${label}:${lineNo}`;
    try {
      return { kind: 'row', raw: JSON.parse(text) as unknown, where, line: lineNo };
    } catch (error) {
      const message = `json: ${(error as Error).message}; each line must be one JSON object`;
      return { kind: 'issue', issue: { code: 'invalid_syntax', path: where, message } };
    }
  };
  // Splitting chunks by hand is about twice as fast as node:readline on large files.
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop() ?? '';
    let rows: DatasetRow[] = [];
    // Indexed, not `for … of`: this runs before V8 has optimised it (see parse-case.ts).
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k]!;
      const row = handle(line.endsWith('\r') ? line.slice(0, -1) : line);
      if (row) rows.push(row);
      if (rows.length === BATCH) {
        yield rows;
        rows = [];
      }
    }
    if (rows.length > 0) yield rows;
  }
  const last = rest === '' ? undefined : handle(rest.endsWith('\r') ? rest.slice(0, -1) : rest);
  if (last) yield [last];
}
