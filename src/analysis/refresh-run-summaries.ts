import type { Store } from '../store/store.js';
import { summarizeRun } from './summarize-run.js';

/** Recomputes and stores each run's summary, so finished reviews show in `show`, `runs` and the dashboard. */
export async function refreshRunSummaries(store: Store, runIds: Iterable<string>): Promise<void> {
  for (const runId of new Set(runIds)) {
    const summary = await summarizeRun(store, runId);
    await store.runs.update(runId, { summary: summary as unknown as { readonly [key: string]: unknown } });
  }
}
