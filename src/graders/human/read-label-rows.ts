import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { AssayError, type Issue } from '../../core/errors.js';

/** One row of a labels file, with the line it came from. */
export interface LabelRow {
  readonly line: number;
  readonly fields: { readonly [key: string]: unknown };
}

/** Reads `labels.jsonl` or `labels.csv` into rows with line numbers; unreadable lines become issues. */
export async function readLabelRows(path: string, label: string): Promise<{ rows: LabelRow[]; issues: Issue[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new AssayError(
      'LABELS_NOT_FOUND',
      `Cannot read labels file ${label}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
      {
        hint: 'Pass the path of a .jsonl or .csv file with columns runId, caseId, repeat?, grader, label or score, reviewer.',
      },
    );
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return readCsvRows(text, label);
  if (ext === '.jsonl' || ext === '.ndjson') return readJsonlRows(text, label);
  throw new AssayError('LABELS_FORMAT_UNKNOWN', `Labels file ${label} must end in .jsonl or .csv.`, {
    hint: 'Export tasks with `assay review export --out tasks.jsonl`, fill in label/score and reviewer, and import that file.',
  });
}

function readJsonlRows(text: string, label: string): { rows: LabelRow[]; issues: Issue[] } {
  const rows: LabelRow[] = [];
  const issues: Issue[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    try {
      const value: unknown = JSON.parse(raw);
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        issues.push({ code: 'invalid_syntax', path: `${label}:${i + 1}`, message: 'each line must be a JSON object' });
      else rows.push({ line: i + 1, fields: value as { [key: string]: unknown } });
    } catch (error) {
      issues.push({
        code: 'invalid_syntax',
        path: `${label}:${i + 1}`,
        message: `not valid JSON (${(error as Error).message})`,
      });
    }
  });
  return { rows, issues };
}

function readCsvRows(text: string, label: string): { rows: LabelRow[]; issues: Issue[] } {
  try {
    const records = parse(text, { bom: true, columns: true, info: true, skip_empty_lines: true, trim: true }) as {
      record: { [key: string]: string };
      info: { lines: number };
    }[];
    const rows = records.map(({ record, info }) => ({
      line: info.lines,
      fields: Object.fromEntries(Object.entries(record).filter(([, v]) => v !== '')),
    }));
    return { rows, issues: [] };
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return {
      rows: [],
      issues: [
        {
          code: 'invalid_syntax',
          path: `${label}:${line ?? '?'}`,
          message: `csv: ${(error as Error).message.replace(/ at line \d+/, '')}`,
        },
      ],
    };
  }
}
