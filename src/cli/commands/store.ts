import type { Command } from 'commander';
import { AssayError } from '../../core/errors.js';
import { copyStore } from '../../store/copy-store.js';
import { openStore } from '../../store/open-store.js';
import { printJson } from '../shared.js';

interface CopyFlags {
  readonly from: string;
  readonly to: string;
  readonly json?: boolean;
}

/** `assay store copy`: moves a team's history between stores (e.g. a laptop's SQLite file into Postgres). */
export function registerStoreCommand(program: Command): void {
  const store = program.command('store').description('manage stores: copy runs between a SQLite file and Postgres');
  store
    .command('copy')
    .description(
      "copy datasets, runs, trials, reviews (every reviewer's label), baselines, traces, feedback and online scores from one store to another (a second copy adds nothing)",
    )
    .requiredOption('--from <store>', 'the store to read: a SQLite file or a postgres:// URL')
    .requiredOption('--to <store>', 'the store to write: a SQLite file or a postgres:// URL (created if missing)')
    .option('--json', 'print the counts as JSON')
    .action(async (flags: CopyFlags) => {
      const from = await openStore({ location: flags.from, mustExist: true });
      try {
        const to = await openStore({ location: flags.to });
        try {
          if (from.kind === to.kind && from.location === to.location) {
            throw new AssayError('STORE_COPY_SAME', `--from and --to are the same store (${from.location}).`, {
              hint: 'Name two different stores, e.g. --from .assay/assay.db --to postgres://user@host:5432/db.',
            });
          }
          const result = await copyStore(from, to, {
            onRun: flags.json
              ? undefined
              : (runId, trials) => process.stderr.write(`Copied run ${runId} (${trials} trials)\n`),
          });
          if (flags.json) printJson({ from: from.location, to: to.location, ...result });
          else {
            process.stdout.write(
              `Copied ${result.runs} runs (${result.trials} trials), ${result.datasets} dataset versions, ${result.reviews} reviews` +
                ` (${result.labels} reviewer labels), ${result.baselines} baselines, ${result.traces} traces, ${result.feedback} feedback and ${result.onlineScores} online scores` +
                ` from ${from.location} to ${to.location}` +
                `${result.unchangedRuns > 0 ? `; ${result.unchangedRuns} runs were already there` : ''}.\n`,
            );
          }
        } finally {
          await to.close();
        }
      } finally {
        await from.close();
      }
    });
}
