import { extname } from 'node:path';
import { Option, type Command } from 'commander';
import { resolveRunRef } from '../../analysis/run-ref.js';
import { AssayError } from '../../core/errors.js';
import { exportTable } from '../../interop/export/export-rows.js';
import { EXPORT_FORMATS, writeExport, type ExportFormat } from '../../interop/export/write-export.js';
import { readingStore, withStoreOption } from '../shared.js';

export function registerExportCommand(program: Command): void {
  withStoreOption(
    program
      .command('export')
      .description('write a run as one row per trial × grader, with the case fields as columns')
      .argument('<run>', 'a run id, `latest`, or a baseline name')
      .addOption(
        new Option('--format <format>', 'file format (default: from the --out extension)').choices([...EXPORT_FORMATS]),
      )
      .requiredOption('--out <file>', 'where to write'),
  ).action(async (ref: string, flags: { store?: string; format?: ExportFormat; out: string }) => {
    const format = flags.format ?? formatFromExtension(flags.out);
    await readingStore(flags, async (store) => {
      const run = await resolveRunRef(store, ref);
      const rows = await writeExport(await exportTable(store, run), format, flags.out);
      process.stdout.write(`Wrote ${rows} rows of run ${run.runId} to ${flags.out} (${format}).\n`);
    });
  });
}

function formatFromExtension(out: string): ExportFormat {
  const ext = extname(out).slice(1).toLowerCase();
  const format = ext === 'ndjson' ? 'jsonl' : ext;
  if ((EXPORT_FORMATS as readonly string[]).includes(format)) return format as ExportFormat;
  throw new AssayError('EXPORT_FORMAT_UNKNOWN', `Cannot tell the format of ${out} from its extension.`, {
    hint: `Pass --format ${EXPORT_FORMATS.join('|')}, or name the file .jsonl, .csv or .parquet.`,
  });
}
