import type { Command } from 'commander';
import { pc } from '../../core/colors.js';
import { displayStatus } from '../../core/run-liveness.js';
import { safeTerminalText as safe } from '../../core/terminal-text.js';
import { currentSummary } from '../../analysis/summary-types.js';
import { estimate } from '../../reporters/format.js';
import { parsePositiveInt, printJson, readingStore, withStoreOption } from '../shared.js';
import { matrixCellOf } from '../../analysis/matrix/matrix-cell.js';
import { textTable } from '../text-table.js';
import { colorStatus, resumeLine } from '../run-status.js';

export function registerRunsCommand(program: Command): void {
  withStoreOption(
    program
      .command('runs')
      .description('list stored runs, newest first')
      .option('--json', 'print an array of { runId, eval, status, startedAt, finishedAt, trials, errors }')
      .option('--eval <name>', 'only runs of this eval')
      .option('--limit <n>', 'at most this many runs', parsePositiveInt('--limit'), 50),
  ).action(async (flags: { store?: string; json?: boolean; eval?: string; limit: number }) => {
    await readingStore(flags, async (store) => {
      const runs = await store.runs.list({ eval: flags.eval, limit: flags.limit });
      if (flags.json) {
        printJson(
          runs.map((r) => ({
            runId: r.runId,
            eval: r.eval,
            status: r.status,
            startedAt: r.startedAt,
            finishedAt: r.finishedAt,
            trials: r.trials,
            errors: r.errors,
            datasetVersion: r.datasetVersion,
            target: r.target,
            gitCommit: r.gitCommit,
            stale: displayStatus(r) === 'stale',
            matrixId: r.matrixId,
            ...(r.matrixId !== null && { matrixLabel: matrixCellOf(r)?.label ?? null }),
          })),
        );
        return;
      }
      if (runs.length === 0) {
        process.stdout.write(`No runs in ${store.location} yet. Start one with: assay run <file.eval.ts>\n`);
        return;
      }
      const summaries = await Promise.all(
        runs.map(async (r) => {
          if (r.status === 'running') return null;
          // The stored summary when it is current; summarising again (and its modules) only when not.
          return currentSummary(r) ?? (await import('../../analysis/summarize-run.js')).readRunSummary(store, r);
        }),
      );
      const rows = runs.map((r, i) => {
        const first = summaries[i]?.graders?.[0];
        return [
          safe(r.runId),
          safe(r.eval),
          colorStatus(displayStatus(r)),
          r.startedAt.replace('T', ' ').slice(0, 19),
          `${r.trials}/${r.plannedTrials}`,
          r.errors > 0 ? pc.red(String(r.errors)) : '0',
          first ? `${safe(first.name)} ${estimate(first.passRate)}` : '—',
        ];
      });
      process.stdout.write(
        `${textTable(['run', 'eval', 'status', 'started (UTC)', 'trials', 'errors', 'first grader pass rate'], rows, new Set([4, 5]))}\n`,
      );
      const matrices = new Map<string, string[]>();
      for (const r of runs)
        if (r.matrixId !== null)
          matrices.set(r.matrixId, [...(matrices.get(r.matrixId) ?? []), matrixCellOf(r)?.label ?? r.runId]);
      for (const [id, labels] of matrices)
        process.stdout.write(
          `Matrix ${safe(id)}: ${labels.length} cell(s) listed (${labels
            .reverse()
            .map((l) => safe(l))
            .join(', ')}); compare with: assay compare --matrix ${safe(id)}\n`,
        );
      for (const r of runs) {
        const resume = resumeLine(r);
        if (resume) process.stdout.write(`${resume}\n`);
      }
    });
  });
}
