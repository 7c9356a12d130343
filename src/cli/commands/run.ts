import { Option, type Command } from 'commander';
import { loadEvalFile } from '../../config/load-eval-file.js';
import { resolveEval, type EvalOverrides } from '../../config/resolve-eval.js';
import { EVAL_LIMITS } from '../../config/eval-definition.js';
import { isMatrixEval } from '../../config/matrix.js';
import { AssayError } from '../../core/errors.js';
import { safeTerminalBlock, safeTerminalText as safe } from '../../core/terminal-text.js';
import type { RunEvent } from '../../runner/run-events.js';
import { runEval, type RunEvalOptions } from '../../run-eval.js';
import type { Store } from '../../store/store.js';
import { ProgressDisplay } from '../progress.js';
import {
  collect,
  parsePositiveInt,
  parseShare,
  printJson,
  responseCacheDir,
  usingStore,
  withStoreOption,
} from '../shared.js';
import { announcePlan, checkErrorRate, DEFAULT_MAX_ERROR_RATE } from './run-checks.js';
import {
  afterRun,
  addShippingOptions,
  openPlannedReporters,
  planShipping,
  type ShippingOptions,
} from './run-shipping.js';

interface RunFlags extends ShippingOptions {
  readonly store?: string;
  readonly json?: boolean;
  readonly repeats?: number;
  readonly concurrency?: number;
  readonly limit?: number;
  readonly timeout?: number;
  readonly filter?: string[];
  readonly resume?: string;
  readonly cache: boolean;
  readonly progress: boolean;
  readonly maxErrorRate: number;
  readonly queue?: boolean;
  readonly lease?: number;
  readonly only?: string[];
}

export function registerRunCommand(program: Command): void {
  const command = program
    .command('run')
    .description('run an eval file (*.eval.ts or *.eval.yaml) and print its summary')
    .argument('<eval-file>', 'the eval to run')
    .option('--json', 'print the machine-readable summary on stdout instead of the table')
    .option('--repeats <n>', 'trials per case (overrides the file)', parsePositiveInt('--repeats', EVAL_LIMITS.repeats))
    .option(
      '--concurrency <n>',
      'trials in flight at once (overrides the file)',
      parsePositiveInt('--concurrency', EVAL_LIMITS.concurrency),
    )
    .option('--limit <n>', 'run only the first N cases (after --filter)', parsePositiveInt('--limit'))
    .option('--timeout <ms>', 'per-trial target timeout in ms (overrides timeoutMs)', parsePositiveInt('--timeout'))
    .addOption(
      new Option(
        '--filter <field=value>',
        'keep cases whose slice or metadata field matches (repeatable; value may be a,b)',
      )
        .argParser(collect)
        .default([]),
    )
    .option('--resume <runId>', 'continue an interrupted run: stored trials are not called again')
    .addOption(
      new Option(
        '--only <label>',
        'matrix evals (targets: / prompts:): run only the cells with this cell, target or prompt label (repeatable; a,b)',
      )
        .argParser(collect)
        .default([]),
    )
    .option('--no-cache', 'bypass the response cache of model targets')
    .option('--no-progress', 'do not show progress')
    .option(
      '--queue',
      'enqueue the trials for `assay worker` processes instead of calling the target here (Postgres store)',
    )
    .option(
      '--lease <seconds>',
      'with --queue: how long a worker holds a trial before another may take it',
      parsePositiveInt('--lease'),
    )
    .option(
      '--max-error-rate <share>',
      `exit 1 when more than this share of trials got a target error (default ${DEFAULT_MAX_ERROR_RATE})`,
      parseShare('--max-error-rate'),
      DEFAULT_MAX_ERROR_RATE,
    );
  addShippingOptions(command);
  withStoreOption(command).action(async (file: string, flags: RunFlags) => {
    process.exitCode = await runCommand(file, flags);
  });
}

async function runCommand(file: string, flags: RunFlags): Promise<number> {
  const loaded = await loadEvalFile(file);
  if (isMatrixEval(loaded.definition)) {
    // Loaded only for a matrix eval: it brings the matrix comparison and its reporters.
    const { runMatrix } = await import('./run-matrix.js');
    return usingStore(flags, async (store) => runMatrix(store, file, loaded, await overridesFor(store, flags), flags));
  }
  if (flags.only !== undefined && flags.only.length > 0)
    throw new AssayError(
      'NOT_A_MATRIX',
      `--only picks cells of a matrix eval; ${file} has one target and no prompts: list.`,
      {
        hint: 'Declare targets: (each with a label) or prompts: in the eval file, or drop --only.',
      },
    );
  return usingStore(flags, async (store) => {
    if (flags.queue && store.kind !== 'postgres') {
      throw new AssayError(
        'QUEUE_NEEDS_POSTGRES',
        `--queue needs a shared Postgres store; ${store.location} is a ${store.kind} file.`,
        {
          hint: 'Pass --store postgres://user@host:5432/db (or set $ASSAY_STORE) and start workers with `assay worker --store …`.',
        },
      );
    }
    const overrides = await overridesFor(store, flags);
    const cacheDir = process.env.ASSAY_CACHE_DIR ?? responseCacheDir(store);
    const ev = await resolveEval(loaded, overrides, { ...process.env, ASSAY_CACHE_DIR: cacheDir });
    const graders = ev.graders.map((g) => g.name);
    const shipping = await planShipping(store, flags, { name: ev.name, gates: ev.gates, file, graders });
    await announcePlan(store, ev);
    for (const s of ev.skippedGraders) {
      process.stderr.write(`Skipped grader ${safe(s.name)}: ${safeTerminalBlock(s.reason)}\n`);
    }
    const controller = new AbortController();
    let interrupts = 0;
    const onSignal = () => {
      interrupts++;
      if (interrupts > 1) process.exit(130);
      process.stderr.write('\nStopping: finishing writes, press Ctrl-C again to quit at once…\n');
      controller.abort(new Error('interrupted'));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const progress = flags.progress ? new ProgressDisplay() : undefined;
    // Reporters stream: the run start, each trial as it finishes, the run end after the gates.
    const session = await openPlannedReporters(shipping);
    // The summary's formatter is loaded while the first trials wait on the target (as the
    // analysis is, see src/run-eval.ts), not after the last one.
    let formatter: Promise<typeof import('../format-summary.js')> | undefined;
    const loadFormatter = () => (formatter ??= import('../format-summary.js'));
    const onEvent = (event: RunEvent): void => {
      if (formatter === undefined && !flags.json && event.kind === 'trial') loadFormatter().catch(() => undefined);
      progress?.onEvent(event);
      if (session.size === 0) return;
      if (event.kind === 'run-start') session.start(store.runs.get(event.runId));
      if (event.kind === 'trial') {
        const c = event.testCase;
        session.trial({
          ...event.trial,
          slice: c?.slice ?? 'typical',
          metadata: c?.metadata ?? {},
          weight: c?.weight ?? 1,
        });
      }
    };
    try {
      const queued = flags.queue ? await queuedExecution(file, overrides, flags) : {};
      const result = await runEval({
        store,
        eval: ev,
        resume: flags.resume,
        useCache: flags.cache,
        signal: controller.signal,
        onEvent,
        // This command owns the eval and runs it once: its target is closed when the trials are done.
        onTrialsDone: () => ev.target.close?.(),
        ...queued,
      });
      if (!flags.json) {
        const { formatRunSummary } = await loadFormatter();
        process.stdout.write(`\n${formatRunSummary(result.summary)}\n`);
      }
      if (result.status === 'interrupted') {
        if (flags.json) printJson(result.summary);
        process.stderr.write(
          `Interrupted: every finished trial is stored. Continue with: assay run ${file} --resume ${result.runId}\n`,
        );
        return 130;
      }
      // With --json, stdout carries one JSON document: the summary, with the gates in it.
      const { code, gateReport } = await afterRun(store, result.runId, shipping, { json: flags.json, session });
      if (flags.json) printJson(gateReport ? { ...result.summary, gates: gateReport } : result.summary);
      const errorCode = await checkErrorRate(store, result.runId, flags.maxErrorRate);
      return Math.max(code, errorCode);
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });
}

/** The executor and stored record of `run --queue` (loaded lazily: only queued runs load pg-boss). */
async function queuedExecution(
  file: string,
  overrides: EvalOverrides,
  flags: RunFlags,
): Promise<Partial<RunEvalOptions>> {
  const { queueExecutor } = await import('../../runner/queue/queue-executor.js');
  const { queuedRunRecord } = await import('../queued-eval.js');
  const onWaiting = (seconds: number) =>
    process.stderr.write(
      `\nNo trial stored for ${seconds}s: are workers running? Start one with: assay worker --store <the same store>\n`,
    );
  return {
    executor: queueExecutor({ leaseSeconds: flags.lease, onWaiting }),
    extraConfig: { queue: queuedRunRecord(file, overrides, flags.cache) },
  };
}

/** With --resume, the original run's repeats, filters and limit apply unless overridden. */
async function overridesFor(store: Store, flags: RunFlags): Promise<EvalOverrides> {
  const base: EvalOverrides = {
    repeats: flags.repeats,
    concurrency: flags.concurrency,
    timeoutMs: flags.timeout,
    limit: flags.limit,
    filters: flags.filter && flags.filter.length > 0 ? flags.filter : undefined,
  };
  if (flags.resume === undefined) return base;
  const run = await store.runs.get(flags.resume);
  if (!run) {
    throw new AssayError('RUN_NOT_FOUND', `Cannot resume '${flags.resume}': no such run in ${store.location}.`, {
      hint: 'List runs with `assay runs` (and pass the same --store as the original run).',
    });
  }
  const c = run.config as { repeats?: number; filters?: string[]; limit?: number | null };
  return {
    ...base,
    repeats: base.repeats ?? c.repeats,
    filters: base.filters ?? (c.filters && c.filters.length > 0 ? c.filters : undefined),
    limit: base.limit ?? c.limit ?? undefined,
  };
}
