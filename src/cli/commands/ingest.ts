import type { Command } from 'commander';
import { safeTerminalText } from '../../reporters/escape.js';
import { printJson, usingStore, withStoreOption, type StoreOption } from '../shared.js';

interface IngestOptions extends StoreOption {
  readonly json?: boolean;
}

/** `assay ingest <file.jsonl>`: stores logged traces for online evaluation; exit 1 when a line was rejected. */
export function registerIngestCommand(program: Command): void {
  withStoreOption(
    program
      .command('ingest <file>')
      .description(
        'Store production traces from a JSONL file (one {traceId, input, output, metadata, timestamp, latencyMs} per line)',
      )
      .option('--json', 'print the counts and every rejection as JSON'),
  ).action(async (file: string, options: IngestOptions) => {
    const { ingestJsonlFile } = await import('../../online/ingest-file.js');
    const result = await usingStore(options, (store) => ingestJsonlFile(store, file));
    if (options.json) printJson(result);
    else {
      process.stdout.write(`Accepted ${result.accepted} trace record(s), rejected ${result.rejected}.\n`);
      const shown = result.rejections.slice(0, 20);
      for (const r of shown)
        process.stdout.write(`  ${safeTerminalText(file, 60)}:${r.index}: ${safeTerminalText(r.reason, 160)}\n`);
      if (result.rejected > shown.length)
        process.stdout.write(`  … and ${result.rejected - shown.length} more (use --json to list all)\n`);
    }
    if (result.rejected > 0) process.exitCode = 1;
  });
}
