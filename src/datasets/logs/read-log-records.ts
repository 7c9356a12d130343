import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { parse, type CsvError } from 'csv-parse';
import { AssayError, type Issue } from '../../core/errors.js';
import { MAX_JSON_DEPTH, nestingDepth } from '../../core/hash.js';

/** One production interaction as read from a log file. */
export interface LogRecord {
  /** 1-based line of the file where the record starts. */
  readonly line: number;
  readonly data: { readonly [key: string]: unknown };
}

export interface ReadLogOptions {
  /** Receives every unreadable line (bad JSON, not an object) as data; reading goes on. */
  readonly onIssue?: (issue: Issue) => void;
}

/**
 * Streams a JSONL or CSV log (by extension; anything else is read as JSONL) one record at a
 * time, so memory does not depend on the file's length. Unreadable lines are reported to
 * `onIssue` with `file:line` and skipped.
 *
 * @example
 * for await (const { line, data } of readLogRecords('logs.jsonl')) console.log(line, data.input);
 */
export async function* readLogRecords(path: string, options: ReadLogOptions = {}): AsyncGenerator<LogRecord> {
  await assertReadable(path);
  const label = basename(path);
  const onIssue = options.onIssue ?? (() => undefined);
  if (path.toLowerCase().endsWith('.csv')) {
    // A malformed record (an unbalanced quote runs to the end of the file) is an issue at its line, not a crash.
    const parser = createReadStream(path).pipe(
      parse({
        columns: true,
        info: true,
        bom: true,
        skip_empty_lines: true,
        relax_column_count: true,
        skip_records_with_error: true,
        on_skip: (error: CsvError | undefined) => {
          if (!error) return;
          const line = (error as CsvError & { lines?: number }).lines ?? '?';
          const what = error.message.replace(/ at line \d+/, '');
          const message = `csv: ${what}; quote cells that contain commas, quotes or new lines`;
          onIssue({ code: 'invalid_syntax', path: `${label}:${line}`, message });
        },
      }),
    );
    for await (const item of parser as AsyncIterable<{ info: { lines: number }; record: Record<string, string> }>) {
      yield { line: item.info.lines, data: item.record };
    }
    return;
  }
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo++;
    const text = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      onIssue({
        code: 'invalid_syntax',
        path: `${label}:${lineNo}`,
        message: `json: ${(error as Error).message}; each line must be one JSON object`,
      });
      continue;
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      onIssue({
        code: 'invalid_type',
        path: `${label}:${lineNo}`,
        message: 'row: must be a JSON object like {"input": "…"}',
      });
      continue;
    }
    if (nestingDepth(data) > MAX_JSON_DEPTH) {
      const message = `row: nests deeper than ${MAX_JSON_DEPTH} levels`;
      onIssue({ code: 'invalid_value', path: `${label}:${lineNo}`, message });
      continue;
    }
    yield { line: lineNo, data: data as LogRecord['data'] };
  }
}

async function assertReadable(path: string): Promise<void> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new Error('not a file');
  } catch (_error) {
    throw new AssayError('LOGS_NOT_FOUND', `No log file found at ${path}.`, {
      hint: 'Pass --from (or --logs) a JSONL or CSV file with one interaction a line.',
    });
  }
}
