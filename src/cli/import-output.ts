import { refreshRunSummary } from '../analysis/summarize-run.js';
import type { ImportReport } from '../interop/import/import-report.js';
import type { ImportedRun } from '../interop/import/store-imported-run.js';
import { safeTerminalText } from '../reporters/escape.js';
import { usingStore } from './shared.js';

/** Prints every note of the report: what did not map, and where. */
export function printImportReport(report: ImportReport): void {
  if (report.notes.length === 0) {
    process.stdout.write('Everything mapped.\n');
    return;
  }
  process.stdout.write(`Not mapped (${report.notes.length}):\n`);
  for (const n of report.notes)
    process.stdout.write(`  ${safeTerminalText(n.where, 200)}: ${safeTerminalText(n.message, 300)}\n`);
}

/** Stores an imported log as a completed run with its summary, like a run `assay run` made. */
export async function storeRunFromLog(
  flags: { store?: string },
  run: ImportedRun,
  report: ImportReport,
): Promise<void> {
  const { storeImportedRun } = await import('../interop/import/store-imported-run.js');
  await usingStore(flags, async (store) => {
    const stored = await storeImportedRun(store, run);
    await refreshRunSummary(store, stored.runId);
    const model = run.model ? `, model ${safeTerminalText(run.model)}` : '';
    process.stdout.write(
      `Imported ${run.trials.length} trials of ${run.cases.length} cases from ${safeTerminalText(run.file)} ` +
        `as run ${stored.runId} (eval ${safeTerminalText(run.eval)}${model}).\n`,
    );
    printImportReport(report);
    process.stdout.write(`Next: assay show ${stored.runId}\n`);
  });
}
