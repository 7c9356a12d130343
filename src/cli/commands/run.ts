import { Option, type Command } from 'commander';
import { loadEvalFile } from '../../config/load-eval-file.js';
import { resolveEval, type EvalOverrides } from '../../config/resolve-eval.js';
import { AssayError } from '../../core/errors.js';
import { runEval, type RunEvalOptions } from '../../runner/run-eval.js';
import type { Store } from '../../store/store.js';
import { formatRunSummary } from '../format-summary.js';
import { ProgressDisplay } from '../progress.js';
import { parsePositiveInt, printJson, responseCacheDir, usingStore, withStoreOption } from '../shared.js';
import { afterRun, addShippingOptions, planShipping, type ShippingOptions } from './run-shipping.js';

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
  readonly queue?: boolean;
  readonly lease?: number;
}

export function registerRunCommand(program: Command): void {
  const command = program
    .command('run')
    .description('run an eval file (*.eval.ts or *.eval.yaml) and print its summary')
    .argument('<eval-file>', 'the eval to run')
    .option('--json', 'print the machine-readable summary on stdout instead of the table')
    .option('--repeats <n>', 'trials per case (overrides the file)', parsePositiveInt('--repeats'))
    .option('--concurrency <n>', 'trials in flight at once (overrides the file)', parsePositiveInt('--concurrency'))
    .option('--limit <n>', 'run only the first N cases (after --filter)', parsePositiveInt('--limit'))
    .option('--timeout <ms>', 'per-trial target timeout in ms (overrides timeoutMs)', parsePositiveInt('--timeout'))
    .addOption(new Option('--filter <field=value>', 'keep cases whose slice or metadata field matches (repeatable; value may be a,b)').argParser(collect).default([]))
    .option('--resume <runId>', 'continue an interrupted run: stored trials are not called again')
    .option('--no-cache', 'bypass the response cache of model targets')
    .option('--no-progress', 'do not show progress')
    .option('--queue', 'enqueue the trials for `assay worker` processes instead of calling the target here (Postgres store)')
    .option('--lease <seconds>', 'with --queue: how long a worker holds a trial before another may take it', parsePositiveInt('--lease'));
  addShippingOptions(command);
  withStoreOption(command).action(async (file: string, flags: RunFlags) => {
    process.exitCode = await runCommand(file, flags);
  });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function runCommand(file: string, flags: RunFlags): Promise<number> {
  const loaded = await loadEvalFile(file);
  return usingStore(flags, async (store) => {
    if (flags.queue && store.kind !== 'postgres') {
      throw new AssayError('QUEUE_NEEDS_POSTGRES', `--queue needs a shared Postgres store; ${store.location} is a ${store.kind} file.`, {
        hint: 'Pass --store postgres://user@host:5432/db (or set $ASSAY_STORE) and start workers with `assay worker --store …`.',
      });
    }
    const overrides = await overridesFor(store, flags);
    const ev = await resolveEval(loaded, overrides, { ...process.env, ASSAY_CACHE_DIR: process.env.ASSAY_CACHE_DIR ?? responseCacheDir(store) });
    const shipping = await planShipping(store, flags, { name: ev.name, gates: ev.gates, file });
    for (const s of ev.skippedGraders) process.stderr.write(`Skipped grader ${s.name}: ${s.reason}\n`);
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
    try {
      const queued = flags.queue ? await queuedExecution(file, overrides, flags) : {};
      const result = await runEval({
        store, eval: ev, resume: flags.resume, useCache: flags.cache, signal: controller.signal, onEvent: progress?.onEvent, ...queued,
      });
      if (flags.json) printJson(result.summary);
      else process.stdout.write(`\n${formatRunSummary(result.summary)}\n`);
      if (result.status === 'interrupted') {
        process.stderr.write(`Interrupted: every finished trial is stored. Continue with: assay run ${file} --resume ${result.runId}\n`);
        return 130;
      }
      return afterRun(store, result.runId, shipping, { json: flags.json });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });
}

/** The executor and stored record of `run --queue` (loaded lazily: only queued runs load pg-boss). */
async function queuedExecution(file: string, overrides: EvalOverrides, flags: RunFlags): Promise<Partial<RunEvalOptions>> {
  const { queueExecutor } = await import('../../runner/queue/queue-executor.js');
  const { queuedRunRecord } = await import('../queued-eval.js');
  const onWaiting = (seconds: number) =>
    process.stderr.write(`\nNo trial stored for ${seconds}s: are workers running? Start one with: assay worker --store <the same store>\n`);
  return {
    executor: queueExecutor({ leaseSeconds: flags.lease, onWaiting }),
    extraConfig: { queue: queuedRunRecord(file, overrides, flags.cache) },
  };
}

/** With --resume, the original run's repeats, filters and limit apply unless overridden. */
async function overridesFor(store: Store, flags: RunFlags): Promise<EvalOverrides> {
  const base: EvalOverrides = {
    repeats: flags.repeats, concurrency: flags.concurrency, timeoutMs: flags.timeout, limit: flags.limit,
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
