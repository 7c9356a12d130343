import type { Store } from '../store/store.js';
import { refreshRunSummary } from './summarize-run.js';

/** Recomputes and stores each run's summary, so finished reviews show in `show`, `runs` and the dashboard. */
export async function refreshRunSummaries(store: Store, runIds: Iterable<string>): Promise<void> {
  for (const runId of new Set(runIds)) {
    await refreshRunSummary(store, runId);
  }
}
