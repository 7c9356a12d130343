import { userInfo } from 'node:os';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { AssayError } from '../../core/errors.js';
import { exportReviewTasks } from '../../graders/human/export-tasks.js';
import { importLabels } from '../../graders/human/import-labels.js';
import { refreshRunSummaries } from '../../analysis/refresh-run-summaries.js';
import { runReviewQueue } from '../../graders/human/review-queue.js';
import { loadReviewTasks } from '../../graders/human/review-task.js';
import { resolveRunRef } from '../../analysis/run-ref.js';
import type { Store } from '../../store/store.js';
import { printJson, readingStore, withStoreOption } from '../shared.js';

interface QueueFlags {
  readonly store?: string;
  readonly run?: string;
  readonly grader?: string;
  readonly reviewer?: string;
  readonly blind?: boolean;
}

/** `assay review`: the terminal review queue, plus `review export` and `review import` for labelling vendors. */
export function registerReviewCommand(program: Command): void {
  const review = withStoreOption(
    program
      .command('review')
      .description(
        'label pending review tasks in a keyboard-driven queue (p pass, f fail, n score, c comment, s skip, q quit)',
      )
      .option('--run <run|latest|name>', 'only tasks of this run')
      .option('--grader <name>', 'only tasks of this grader')
      .option('--reviewer <name>', 'who is reviewing (default $ASSAY_REVIEWER or your user name)')
      .option('--blind', "hide other graders' verdicts (default for random, audit and all review samples)")
      .option('--no-blind', "show other graders' verdicts even on blind samples"),
  ).action(async (flags: QueueFlags) => {
    await readingStore(flags, async (store) => {
      const runId = await runIdOf(store, flags.run);
      const tasks = await loadReviewTasks(store, {
        ...(runId !== undefined && { runId }),
        ...(flags.grader !== undefined && { grader: flags.grader }),
        ...(flags.blind !== undefined && { blind: flags.blind }),
      });
      if (tasks.length === 0) {
        process.stdout.write(`No pending review tasks${flags.run ? ` in run ${flags.run}` : ''}.\n`);
        return;
      }
      const reviewer = flags.reviewer ?? process.env.ASSAY_REVIEWER ?? safeUserName();
      const result = await runReviewQueue({ store, tasks, reviewer, input: process.stdin, output: process.stdout });
      await refreshRunSummaries(store, result.runIds);
    });
  });

  withStoreOption(
    review
      .command('export')
      .description('write pending review tasks as JSONL for a labelling vendor')
      .option('--run <run|latest|name>', 'only tasks of this run')
      .option('--grader <name>', 'only tasks of this grader')
      .requiredOption('--out <file>', 'where to write the tasks (.jsonl)')
      .option('--blind', "leave other graders' verdicts out (default for random, audit and all review samples)")
      .option('--no-blind', "include other graders' verdicts even for blind samples"),
  ).action(async (_flags: unknown, command: Command) => {
    // Why: the parent `review` declares --run/--store too, so commander may hand them to it; merge both levels.
    const flags = command.optsWithGlobals<{
      store?: string;
      run?: string;
      grader?: string;
      out: string;
      blind?: boolean;
    }>();
    await readingStore(flags, async (store) => {
      const runId = await runIdOf(store, flags.run);
      const count = await exportReviewTasks(store, {
        out: resolve(flags.out),
        ...(runId !== undefined && { runId }),
        ...(flags.grader !== undefined && { grader: flags.grader }),
        ...(flags.blind !== undefined && { blind: flags.blind }),
      });
      process.stdout.write(`Wrote ${count} pending task${count === 1 ? '' : 's'} to ${flags.out}.\n`);
    });
  });

  withStoreOption(
    review
      .command('import')
      .description('load labels (runId, caseId, repeat?, grader, label or score, reviewer) from .jsonl or .csv')
      .argument('<file>', 'labels.jsonl or labels.csv')
      .option('--json', 'machine-readable output'),
  ).action(async (file: string, _flags: unknown, command: Command) => {
    const flags = command.optsWithGlobals<{ store?: string; json?: boolean }>();
    await readingStore(flags, async (store) => {
      const shown = relative(process.cwd(), resolve(file)) || file;
      const result = await importLabels(store, resolve(file), shown);
      await refreshRunSummaries(store, result.runIds);
      if (flags.json) printJson(result);
      else {
        process.stdout.write(
          `Imported ${shown}: ${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged${result.notLabelled > 0 ? `, ${result.notLabelled} rows not labelled yet (left out)` : ''}.\n`,
        );
        if (result.calibration > 0) {
          process.stdout.write(
            `${result.calibration} label${result.calibration === 1 ? ' is' : 's are'} for judge or rule scores: ` +
              'they leave those scores as they are and are used by `assay calibrate <grader>`.\n',
          );
        }
        for (const c of result.conflicts) process.stdout.write(`note: ${c}\n`);
      }
    });
  });
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch (_error) {
    // Why: userInfo throws in some containers without a passwd entry; a reviewer name is still required.
    throw new AssayError('REVIEWER_UNKNOWN', 'Cannot tell who is reviewing.', {
      hint: 'Pass --reviewer <name> or set ASSAY_REVIEWER.',
    });
  }
}

/** `--run` as a run id, `latest` or a baseline name, resolved like every other command's. */
async function runIdOf(store: Store, ref: string | undefined): Promise<string | undefined> {
  return ref === undefined ? undefined : (await resolveRunRef(store, ref)).runId;
}
