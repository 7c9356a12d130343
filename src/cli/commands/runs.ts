import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { DEFAULT_STORE_PATH } from '../../store/open-store.js';
import { pc } from '../../core/colors.js';
import { readRunSummary } from '../../analysis/summarize-run.js';
import { formatEstimate } from '../format-summary.js';
import { printJson, readingStore, withStoreOption } from '../shared.js';
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
    // No store yet simply means no runs yet: not an error for a listing.
    if (!storeExists(flags.store)) {
      if (flags.json) printJson([]);
      else process.stdout.write('No runs yet. Start one with: assay run <file.eval.ts>\n');
      return;
    }
    await readingStore(flags, async (store) => {
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
      const summaries = await Promise.all(runs.map((r) => (r.status === 'running' ? null : readRunSummary(store, r))));
      const rows = runs.map((r, i) => {
        const first = summaries[i]?.graders?.[0];
        return [
          r.runId, r.eval, r.status === 'completed' ? r.status : pc.yellow(r.status), r.startedAt.replace('T', ' ').slice(0, 19),
          `${r.trials}/${r.plannedTrials}`, String(r.errors), first ? `${first.name} ${formatEstimate(first.passRate)}` : '—',
        ];
      });
      process.stdout.write(`${textTable(['run', 'eval', 'status', 'started (UTC)', 'trials', 'errors', 'first grader pass rate'], rows, new Set([4, 5]))}\n`);
    });
  });
}

function storeExists(location: string | undefined): boolean {
  const path = location ?? process.env.ASSAY_STORE ?? DEFAULT_STORE_PATH;
  return path === ':memory:' || existsSync(path);
}
