import { createReadStream } from 'node:fs';
import { parse, type CsvError } from 'csv-parse';
import type { CaseCollector } from './case-collector.js';
import { batchesOfOne, collectRows, type DatasetRow } from './dataset-row.js';
import { CASE_FIELD_ALIASES, CASE_FIELDS } from './parse-case.js';

const TOP_LEVEL = new Set<string>([...CASE_FIELDS, ...Object.keys(CASE_FIELD_ALIASES)]);
const JSON_CELLS = new Set(['input', 'expected', 'metadata', ...Object.keys(CASE_FIELD_ALIASES)]);

/**
 * Streams a CSV file (header row first) into the collector. Columns `id, input, expected,
 * slice, weight, source` (and their aliases) are case fields; `metadata.<field>` and any other
 * column go to metadata. Empty cells are left out.
 */
export async function readCsv(path: string, label: string, collector: CaseCollector): Promise<void> {
  await collectRows(batchesOfOne(csvRows(path, label)), collector);
}

/** The rows of a CSV file, streamed through the parser: memory does not grow with the file. */
export async function* csvRows(path: string, label: string): AsyncGenerator<DatasetRow> {
  const reportedLines = new Set<number | undefined>();
  // The parser reports skipped records through a callback; they are yielded before the next row.
  const skipped: DatasetRow[] = [];
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
      on_skip: (error: CsvError | undefined) => {
        if (!error) return;
        const line = (error as CsvError & { lines?: number }).lines;
        // The parser may trip several times on one bad record while it resynchronises.
        if (reportedLines.has(line)) return;
        reportedLines.add(line);
        skipped.push({
          kind: 'issue',
          issue: {
            code: 'invalid_syntax',
            path: `${label}:${line ?? '?'}`,
            message: `csv: ${error.message.replace(/ at line \d+/, '')}; quote cells that contain commas, quotes or new lines`,
          },
        });
      },
    }),
  );
  let header: string[] | undefined;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield* skipped.splice(0);
    const newlines = record.reduce((n, cell) => n + countNewlines(cell), 0);
    const line = info.lines - newlines;
    const where = `${label}:${line}`;
    if (header === undefined) {
      header = record.map((h) => h.trim());
      const problems = headerProblems(header);
      if (problems.length > 0) {
        for (const message of problems)
          yield { kind: 'issue', issue: { code: 'invalid_syntax', path: where, message: `header: ${message}` } };
        return;
      }
      if (!header.includes('input') && !header.some((h) => CASE_FIELD_ALIASES[h] === 'input')) {
        yield {
          kind: 'issue',
          issue: {
            code: 'missing_field',
            path: where,
            message: `header: no "input" column; the first row must name the columns, e.g. id,input,expected,slice`,
          },
        };
        return;
      }
      continue;
    }
    if (record.length !== header.length) {
      yield {
        kind: 'issue',
        issue: {
          code: 'invalid_syntax',
          path: where,
          message: `row: has ${record.length} cells but the header has ${header.length}; quote cells that contain commas`,
        },
      };
      continue;
    }
    yield { kind: 'row', raw: rowToRaw(header, record), where, line };
  }
  yield* skipped.splice(0);
}

function rowToRaw(header: readonly string[], record: readonly string[]): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const metadata: Record<string, unknown> = {};
  header.forEach((column, i) => {
    const cell = record[i];
    if (cell === undefined || cell === '') return;
    if (column.startsWith('metadata.')) metadata[column.slice('metadata.'.length)] = scalarCell(cell);
    else if (column === 'weight') raw.weight = numberCell(cell);
    else if (JSON_CELLS.has(column)) raw[column] = jsonCell(cell);
    else if (TOP_LEVEL.has(column)) raw[column] = cell;
    else metadata[column] = scalarCell(cell);
  });
  if (Object.keys(metadata).length > 0) {
    const own = raw.metadata;
    raw.metadata =
      own !== null && typeof own === 'object' && !Array.isArray(own)
        ? { ...own, ...metadata }
        : own === undefined
          ? metadata
          : own;
  }
  return raw;
}

/** A cell that looks like JSON (`[…]` or `{…}`) is parsed; if it does not parse it stays text. */
function jsonCell(cell: string): unknown {
  const t = cell.trim();
  if (!(t.startsWith('[') || t.startsWith('{'))) return cell;
  try {
    return JSON.parse(t);
  } catch {
    return cell;
  }
}

function numberCell(cell: string): unknown {
  const n = Number(cell.trim());
  return cell.trim() !== '' && Number.isFinite(n) ? n : cell;
}

/** `true`/`false` and plain numbers become typed values so CSV and JSONL give the same version. */
function scalarCell(cell: string): string | number | boolean {
  if (cell === 'true') return true;
  if (cell === 'false') return false;
  const n = Number(cell);
  if (cell.trim() !== '' && Number.isFinite(n) && String(n) === cell) return n;
  return cell;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}

function headerProblems(header: readonly string[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  header.forEach((column, i) => {
    if (column === '') problems.push(`column ${i + 1} has no name; name it or remove it`);
    else if (seen.has(column)) problems.push(`column "${column}" appears twice; keep one`);
    seen.add(column);
  });
  return problems;
}
