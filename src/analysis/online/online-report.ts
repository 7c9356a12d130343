import { AssayError, isAssayError } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import type { StoredRun } from '../../store/types.js';
import { resolveRunRef } from '../run-ref.js';
import { onlineStatus, type OnlineStatus, type OnlineStatusInput } from './online-status.js';
import { segmentMix, type SegmentMix } from './segment-mix.js';

export interface OnlineReport extends OnlineStatus {
  /** The eval set's segment mix beside production's; null when no eval set was named. */
  readonly segmentMix: SegmentMix | null;
}

export interface OnlineReportOptions extends Omit<OnlineStatusInput, 'scores' | 'traffic'> {
  /** The offline eval set to compare with: a run id, `latest`, a baseline name or an eval name. */
  readonly evalSet?: string;
  /** Fields of the segment mix (default: `segmentBy` when given, else the fields both sides share). */
  readonly mixFields?: readonly string[];
}

/**
 * What `assay online status`, `check` and the dashboard's Online page show: the status per
 * grader and window, and with an eval set, its segment mix beside production's. Reads the
 * store's online rooms; fails with STORE_NO_TRACES on a store without them.
 */
export async function readOnlineReport(store: Store, options: OnlineReportOptions): Promise<OnlineReport> {
  if (!store.online || !store.traces)
    throw new AssayError('STORE_NO_TRACES', `The ${store.kind} store at ${store.location} does not keep traces.`, {
      hint: 'Use a SQLite or Postgres store for online evaluation.',
    });
  const since = options.since.toISOString();
  const scores = await store.online.list(options.evalName, since);
  const status = onlineStatus({ ...options, scores, traffic: await store.traces.volume(since, options.window) });
  if (options.evalSet === undefined) return { ...status, segmentMix: null };
  const run = await resolveEvalSet(store, options.evalSet);
  const cases = await store.datasets.listCases(run.datasetVersion);
  const fields =
    options.mixFields ?? (options.segmentBy && options.segmentBy.length > 0 ? options.segmentBy : undefined);
  const mix = segmentMix({
    evalSet: { runId: run.runId, eval: run.eval, datasetVersion: run.datasetVersion, cases: cases.length },
    cases,
    scores,
    fields,
  });
  return { ...status, segmentMix: mix };
}

/** A run id, `latest`, a baseline name, or an eval name (its newest completed run, else its newest run). */
export async function resolveEvalSet(store: Store, ref: string): Promise<StoredRun> {
  try {
    return await resolveRunRef(store, ref, { role: 'eval set' });
  } catch (error) {
    if (!isAssayError(error, 'RUN_NOT_FOUND')) throw error;
    const [completed] = await store.runs.list({ eval: ref.trim(), status: 'completed', limit: 1 });
    const [any] = completed ? [completed] : await store.runs.list({ eval: ref.trim(), limit: 1 });
    if (any) return any;
    throw new AssayError(
      'RUN_NOT_FOUND',
      `No run, baseline or eval named '${ref}' in the store at ${store.location}.`,
      {
        hint: 'Name the offline eval set with --eval-set (or online.evalSet): a run id, a baseline name or an eval name; `assay runs` lists them.',
      },
    );
  }
}
