import { AssayError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import type { StoredRun } from '../store/types.js';

export interface ResolveRunRefOptions {
  /** For `latest`: the eval of the run on the other side; omit to take the newest run overall. */
  readonly eval?: string;
  /** For `latest`: skip this run (the other side), so `latest` never compares a run with itself. */
  readonly excludeRunId?: string;
  /** Names the reference in messages, e.g. `baseline`. */
  readonly role?: string;
}

/**
 * Resolves what a user typed for a run: a run id, `latest` (the newest completed run of the
 * same eval, or overall), or a baseline name set with `assay baseline set`.
 *
 * @example
 * const base = await resolveRunRef(store, 'main');
 * const cand = await resolveRunRef(store, 'latest', { eval: base.eval, excludeRunId: base.runId });
 */
export async function resolveRunRef(store: Store, ref: string, options: ResolveRunRefOptions = {}): Promise<StoredRun> {
  const role = options.role ?? 'run';
  const trimmed = ref.trim();
  if (trimmed === '') {
    throw new AssayError('RUN_REF_EMPTY', `No ${role} given.`, {
      hint: 'Pass a run id, `latest`, or a baseline name.',
    });
  }
  if (trimmed === 'latest') return latestRun(store, role, options);
  const byId = await store.runs.get(trimmed);
  if (byId) return byId;
  const baseline = await store.baselines.get(trimmed);
  if (baseline) {
    const run = await store.runs.get(baseline.runId);
    if (!run) {
      throw new AssayError(
        'BASELINE_RUN_MISSING',
        `Baseline '${trimmed}' points at run ${baseline.runId}, which is not in the store at ${store.location}.`,
        {
          hint: `Point it at an existing run: assay baseline set ${trimmed} <runId>`,
        },
      );
    }
    return run;
  }
  throw new AssayError(
    'RUN_NOT_FOUND',
    `No run or baseline named '${trimmed}' in the store at ${store.location} (looked up as the ${role}).`,
    {
      hint: 'List runs with `assay runs` and baselines with `assay baseline list`, or use `latest`.',
    },
  );
}

async function latestRun(store: Store, role: string, options: ResolveRunRefOptions): Promise<StoredRun> {
  const candidates = await store.runs.list({
    status: 'completed',
    ...(options.eval !== undefined && { eval: options.eval }),
    limit: 2,
  });
  const run = candidates.find((r) => r.runId !== options.excludeRunId);
  if (run) return run;
  const scope = options.eval !== undefined ? ` of eval '${options.eval}'` : '';
  const other = options.excludeRunId ? ` other than ${options.excludeRunId}` : '';
  throw new AssayError(
    'NO_LATEST_RUN',
    `There is no completed run${scope}${other} to use as 'latest' for the ${role}.`,
    {
      hint: 'Run the eval first (`assay run <eval>`), or pass a run id.',
    },
  );
}

/**
 * Resolves both sides of a comparison. A `latest` side takes the newest completed run of
 * the other side's eval, never the other side itself.
 */
export async function resolveRunPair(
  store: Store,
  baselineRef: string,
  candidateRef: string,
): Promise<{ baseline: StoredRun; candidate: StoredRun }> {
  const bLatest = baselineRef.trim() === 'latest';
  const cLatest = candidateRef.trim() === 'latest';
  if (bLatest && cLatest) {
    const candidate = await resolveRunRef(store, 'latest', { role: 'candidate' });
    const baseline = await resolveRunRef(store, 'latest', {
      role: 'baseline',
      eval: candidate.eval,
      excludeRunId: candidate.runId,
    });
    return { baseline, candidate };
  }
  if (bLatest) {
    const candidate = await resolveRunRef(store, candidateRef, { role: 'candidate' });
    const baseline = await resolveRunRef(store, 'latest', {
      role: 'baseline',
      eval: candidate.eval,
      excludeRunId: candidate.runId,
    });
    return { baseline, candidate };
  }
  const baseline = await resolveRunRef(store, baselineRef, { role: 'baseline' });
  const candidate = await resolveRunRef(store, candidateRef, {
    role: 'candidate',
    eval: baseline.eval,
    excludeRunId: baseline.runId,
  });
  return { baseline, candidate };
}
