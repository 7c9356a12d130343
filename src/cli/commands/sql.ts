import { Option, type Command } from 'commander';
import { AssayError } from '../../core/errors.js';
import { csvLine } from '../../interop/csv.js';
import { safeTerminalText } from '../../reporters/escape.js';
import type { SqlResult } from '../../store/store.js';
import { jsonReplacer, readingStore, withStoreOption } from '../shared.js';
import { textTable } from '../text-table.js';

type SqlFormat = 'table' | 'csv' | 'json';

export function registerSqlCommand(program: Command): void {
  withStoreOption(
    program
      .command('sql')
      .description(
        'read-only SQL over the views runs, cases, trials, scores, reviews, traces and feedback (docs/sql.md)',
      )
      .argument('<query>', 'one SELECT statement')
      .addOption(
        new Option('--format <format>', 'how to print the rows').choices(['table', 'csv', 'json']).default('table'),
      ),
  ).action(async (query: string, flags: { store?: string; format: SqlFormat }) => {
    await readingStore(flags, async (store) => {
      if (!store.sql) {
        throw new AssayError('SQL_UNSUPPORTED', `The ${store.kind} store does not answer SQL.`, {
          hint: 'Use a SQLite or Postgres store for assay sql.',
        });
      }
      process.stdout.write(formatSqlResult(await store.sql.query(query), flags.format));
    });
  });
}

export function formatSqlResult(result: SqlResult, format: SqlFormat): string {
  if (format === 'csv') return [result.columns, ...result.rows].map(csvLine).join('');
  if (format === 'json') {
    const objects = result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c, plain(row[i])])));
    return `${JSON.stringify(objects, jsonReplacer, 2)}\n`;
  }
  const cells = result.rows.map((row) =>
    row.map((v) => safeTerminalText(v === null || v === undefined ? 'NULL' : String(plain(v)), 60)),
  );
  const numeric = new Set(
    result.columns.map((_, i) => i).filter((i) => result.rows.some((r) => typeof r[i] === 'number')),
  );
  const count = `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`;
  return `${textTable(
    result.columns.map((c) => safeTerminalText(c, 60)),
    cells,
    numeric,
  )}\n${count}\n`;
}

/** BLOBs as hex and 64-bit integers as numbers, so every format can print them. */
function plain(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (typeof value === 'bigint') return Number(value);
  return value;
}
