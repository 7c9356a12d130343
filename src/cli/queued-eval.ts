import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { loadEvalFile } from '../config/load-eval-file.js';
import { resolveEval, type EvalOverrides, type ResolvedEval, type ResolveEvalOptions } from '../config/resolve-eval.js';
import { AssayError } from '../core/errors.js';
import { queuedRunConfig, type QueuedRunConfig } from '../runner/queue/queued-run.js';
import type { Store } from '../store/store.js';
import type { StoredRun } from '../store/types.js';
import { responseCacheDir } from './shared.js';

/** The record `run --queue` stores with the run, so that workers load the same eval. */
export function queuedRunRecord(
  file: string,
  overrides: EvalOverrides,
  useCache: boolean,
  cwd = process.cwd(),
): QueuedRunConfig {
  const path = relative(cwd, resolve(cwd, file));
  const portable = path.startsWith('..') || isAbsolute(path) ? resolve(cwd, file) : path;
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as EvalOverrides;
  return { file: portable.split('\\').join('/'), overrides: defined, useCache };
}

/** Loads a queued run's eval on a worker, and checks that it is the same dataset the run was created with. */
export async function loadQueuedEval(
  run: StoredRun,
  store: Store,
  options: ResolveEvalOptions = {},
  cwd = process.cwd(),
): Promise<ResolvedEval> {
  const queued = queuedRunConfig(run);
  if (!queued) throw new AssayError('QUEUE_RUN_INVALID', `Run ${run.runId} was not started with --queue.`);
  const file = existsSync(resolve(cwd, queued.file)) ? queued.file : String(run.config.file ?? queued.file);
  const loaded = await loadEvalFile(file, cwd);
  const env = { ...process.env, ASSAY_CACHE_DIR: process.env.ASSAY_CACHE_DIR ?? responseCacheDir(store) };
  const ev = await resolveEval(loaded, queued.overrides, env, options);
  if (ev.dataset.version !== run.datasetVersion) {
    throw new AssayError(
      'QUEUE_EVAL_MISMATCH',
      `${queued.file} here loads dataset version ${ev.dataset.version}; run ${run.runId} uses ${run.datasetVersion}.`,
      {
        hint: 'Start workers from the same checkout (and commit) as the `assay run --queue` that created the run.',
      },
    );
  }
  return ev;
}
