import type { Command } from 'commander';
import { pc } from '../../core/colors.js';
import type { RunSummary } from '../../analysis/summary-types.js';
import { formatEstimate } from '../format-summary.js';
import { printJson, usingStore, withStoreOption } from '../shared.js';
import { textTable } from '../text-table.js';

export function registerRunsCommand(program: Command): void {
  withStoreOption(
    program
      .command('runs')
      .description('list stored runs, newest first')
      .option('--json', 'print an array of { runId, eval, status, startedAt, finishedAt, trials, errors }')
      .option('--eval <name>', 'only runs of this eval')
      .option('--limit <n>', 'at most this many runs', (v) => Number(v), 50),
  ).action(async (flags: { store?: string; json?: boolean; eval?: string; limit: number }) => {
    await usingStore(flags, async (store) => {
      const runs = await store.runs.list({ eval: flags.eval, limit: flags.limit });
      if (flags.json) {
        printJson(
          runs.map((r) => ({
            runId: r.runId, eval: r.eval, status: r.status, startedAt: r.startedAt, finishedAt: r.finishedAt, trials: r.trials,
            errors: r.errors, datasetVersion: r.datasetVersion, target: r.target, gitCommit: r.gitCommit,
          })),
        );
        return;
      }
      if (runs.length === 0) {
        process.stdout.write(`No runs in ${store.location} yet. Start one with: assay run <file.eval.ts>\n`);
        return;
      }
      const rows = runs.map((r) => {
        const first = (r.summary as RunSummary | null)?.graders?.[0];
        return [
          r.runId, r.eval, r.status === 'completed' ? r.status : pc.yellow(r.status), r.startedAt.replace('T', ' ').slice(0, 19),
          `${r.trials}/${r.plannedTrials}`, String(r.errors), first ? `${first.name} ${formatEstimate(first.passRate)}` : '—',
        ];
      });
      process.stdout.write(`${textTable(['run', 'eval', 'status', 'started (UTC)', 'trials', 'errors', 'first grader pass rate'], rows, new Set([4, 5]))}\n`);
    });
  });
}
