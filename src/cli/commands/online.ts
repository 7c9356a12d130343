import type { Command } from 'commander';
import { AssayError } from '../../core/errors.js';
import { parsePositiveInt, printJson, usingStore, withStoreOption, type StoreOption } from '../shared.js';
import { registerOnlineStatusCommands } from './online-status.js';

interface OnlineOptions extends StoreOption {
  readonly json?: boolean;
  readonly local?: boolean;
  readonly wait?: boolean;
  readonly lease?: number;
}

/** Loads an eval file and its `online:` block, or says why it has none. */
export async function loadOnline(file: string) {
  const { loadEvalFile } = await import('../../config/load-eval-file.js');
  const loaded = await loadEvalFile(file);
  const spec = loaded.definition.online;
  if (!spec) {
    throw new AssayError('EVAL_NOT_ONLINE', `${file} has no online: block.`, {
      hint: 'Add online: { sample: 0.05 } to grade production traces (docs/online.md).',
    });
  }
  return { loaded, spec, name: loaded.definition.name };
}

/** `assay online run|status|check <eval>`: grade sampled traces, print rates per window, alarm on a drop. */
export function registerOnlineCommand(program: Command): void {
  const online = program
    .command('online')
    .description('Online evaluation: grade sampled production traces beside the offline evals');
  withStoreOption(
    online
      .command('run <eval>')
      .description('Grade the traces stored since the last run (sampled, and those matching always: rules)'),
  )
    .option('--json', 'print the counts as JSON')
    .option('--local', 'on a Postgres store, grade in this process instead of queueing for `assay worker`')
    .option('--wait', 'with the queue: wait until the workers have graded every queued trace')
    .option(
      '--lease <seconds>',
      'with the queue: how long a worker holds a trace before another may take it (default 600)',
      parsePositiveInt('--lease'),
    )
    .action(async (file: string, options: OnlineOptions) => {
      const { loaded, spec, name } = await loadOnline(file);
      const { createGraders } = await import('../../graders/registry.js');
      const { runOnlineEval } = await import('../../online/online-run.js');
      const { onlineExecutorFor, ONLINE_QUEUE } = await import('../online-queue.js');
      const graders = () => createGraders(loaded.definition.graders, { baseDir: loaded.baseDir, env: process.env });
      const result = await usingStore(options, async (store) => {
        const executor = await onlineExecutorFor(store, file, graders, {
          local: options.local,
          leaseSeconds: options.lease,
        });
        const counts = await runOnlineEval({ store, evalName: name, spec, executor });
        if (executor.kind === 'queue' && options.wait) {
          const { waitForJobs } = await import('../../runner/queue/job-queue.js');
          await waitForJobs(store, ONLINE_QUEUE);
        }
        return counts;
      });
      if (options.json) printJson(result);
      else if (result.executor === 'queue')
        process.stdout.write(
          `Read ${result.read} trace record(s): queued ${result.queued} for \`assay worker\` ` +
            `(${result.sampled} sampled, ${result.always} by always-rules); ${result.noOutput} had no output.\n`,
        );
      else
        process.stdout.write(
          `Read ${result.read} trace record(s): graded ${result.sampled} sampled and ${result.always} by always-rules ` +
            `(${result.scores} scores, ${result.graderErrors} grader errors); ${result.noOutput} had no output.\n`,
        );
    });
  registerOnlineStatusCommands(online, loadOnline);
}
