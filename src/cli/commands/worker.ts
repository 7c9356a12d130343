import type { Command } from 'commander';
import { AssayError } from '../../core/errors.js';
import { parsePositiveInt, usingStore, withStoreOption } from '../shared.js';

interface WorkerFlags {
  readonly store?: string;
  readonly concurrency: number;
  readonly evals?: string;
  readonly exitWhenIdle?: number;
  /** false with --no-online: leave online grading to other workers. */
  readonly online: boolean;
  readonly onlineOnly?: boolean;
}

/** `assay worker`: runs queued trials of `assay run --queue` on this machine until Ctrl-C. */
export function registerWorkerCommand(program: Command): void {
  withStoreOption(
    program
      .command('worker')
      .description(
        'take trials of queued runs (`assay run --queue`) and sampled traces of online evals (`assay online run`) from a Postgres store, grade and store them',
      )
      .option('--concurrency <n>', 'trials in flight at once in this process', parsePositiveInt('--concurrency'), 10)
      .option('--evals <glob>', 'only take runs of eval files matching this path pattern (e.g. "evals/**/*.eval.ts")')
      .option(
        '--exit-when-idle <seconds>',
        'after taking trials, stop once none was waiting for this long (for scripts)',
        parsePositiveInt('--exit-when-idle'),
      )
      .option('--no-online', 'do not grade queued online traces (`assay online run` on this store)')
      .option('--online-only', 'only grade queued online traces, take no trials of queued runs'),
  ).action(async (flags: WorkerFlags) => {
    process.exitCode = await workerCommand(flags);
  });
}

async function workerCommand(flags: WorkerFlags): Promise<number> {
  const { runQueueWorker } = await import('../../runner/queue/queue-worker.js');
  const { globToRegExp, queuedRunConfig } = await import('../../runner/queue/queued-run.js');
  const { loadQueuedEval } = await import('../queued-eval.js');
  const { runOnlineWorker } = await import('../online-queue.js');
  return usingStore(flags, async (store) => {
    if (store.kind !== 'postgres') {
      throw new AssayError(
        'QUEUE_NEEDS_POSTGRES',
        `Workers take trials from a shared Postgres store; ${store.location} is a ${store.kind} file.`,
        {
          hint: 'Pass the store the runs were queued in: assay worker --store postgres://user@host:5432/db (or set $ASSAY_STORE).',
        },
      );
    }
    const pattern = flags.evals === undefined ? undefined : globToRegExp(flags.evals);
    const controller = new AbortController();
    let interrupts = 0;
    const onSignal = () => {
      interrupts++;
      if (interrupts > 1) process.exit(130);
      process.stderr.write('\nStopping: finishing the trials in flight, press Ctrl-C again to quit at once…\n');
      controller.abort(new Error('interrupted'));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let lastLine = 0;
    try {
      const online =
        flags.online || flags.onlineOnly
          ? runOnlineWorker({
              store,
              concurrency: flags.concurrency,
              signal: controller.signal,
              exitWhenIdleMs: flags.exitWhenIdle === undefined ? undefined : flags.exitWhenIdle * 1000,
              onEvent: (event) => {
                if (event.kind === 'failed') process.stderr.write(`Could not grade a queued trace: ${event.message}\n`);
                else if (event.kind === 'done' && performance.now() - lastLine > 10_000) {
                  lastLine = performance.now();
                  process.stderr.write(`${event.done} online traces graded by this worker\n`);
                }
              },
            })
          : Promise.resolve({ done: 0, failed: 0 });
      const trials = flags.onlineOnly
        ? Promise.resolve({ trials: 0, errors: 0 })
        : runQueueWorker({
            store,
            concurrency: flags.concurrency,
            signal: controller.signal,
            exitWhenIdleMs: flags.exitWhenIdle === undefined ? undefined : flags.exitWhenIdle * 1000,
            accepts: (run) => pattern === undefined || pattern.test(queuedRunConfig(run)?.file ?? ''),
            loadEval: (run, options) => loadQueuedEval(run, store, options),
            onEvent: (event) => {
              if (event.kind === 'ready') {
                process.stderr.write(
                  `Worker ${process.pid}: taking queued trials from ${store.location} (concurrency ${flags.concurrency})\n`,
                );
              } else if (event.kind === 'run-joined')
                process.stderr.write(`Joined run ${event.runId} (${event.eval})\n`);
              else if (event.kind === 'run-left')
                process.stderr.write(`Left run ${event.runId}: it is no longer running\n`);
              else if (event.kind === 'run-refused')
                process.stderr.write(`Cannot take trials of run ${event.runId}: ${event.message}\n`);
              else if (event.kind === 'trial' && performance.now() - lastLine > 10_000) {
                lastLine = performance.now();
                process.stderr.write(`${event.done} trials stored by this worker (${event.errors} errors)\n`);
              }
            },
          });
      if (flags.onlineOnly)
        process.stderr.write(`Worker ${process.pid}: grading queued online traces from ${store.location}\n`);
      // One loop failing stops the other too, so the process never hangs half-alive.
      const stopOnFailure = (error: unknown) => {
        controller.abort(error);
        throw error;
      };
      const [result, graded] = await Promise.all([trials.catch(stopOnFailure), online.catch(stopOnFailure)]);
      process.stderr.write(
        `Worker ${process.pid} stopped: ${result.trials} trials stored, ${result.errors} errors; ` +
          `${graded.done} online traces graded, ${graded.failed} failed.\n`,
      );
      return controller.signal.aborted ? 130 : 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });
}
