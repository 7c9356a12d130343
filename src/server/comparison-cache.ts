import { compareRuns } from '../analysis/compare/compare-runs.js';
import type { CompareOptions, Comparison } from '../analysis/compare/types.js';
import type { Store } from '../store/store.js';
import type { StoredRun } from '../store/types.js';

const MAX_ENTRIES = 32;

/**
 * Remembers comparisons of finished runs. Comparing two 100,000-trial runs reads every trial
 * and runs resampling tests, which takes seconds; the compare page, its flip diffs and the
 * trend flags ask for the same pairs again and again. An entry is keyed by both runs' trial
 * counts, status and finish time, and dropped when a review of either run is saved.
 */
export class ComparisonCache {
  readonly #store: Store;
  readonly #entries = new Map<string, { stamp: string; result: Promise<Comparison> }>();

  constructor(store: Store) {
    this.#store = store;
  }

  compare(baseline: StoredRun, candidate: StoredRun, options: CompareOptions): Promise<Comparison> {
    const key = JSON.stringify([baseline.runId, candidate.runId, options.alpha ?? 0.05, options.correction ?? 'bh']);
    const stamp = [baseline, candidate].map((r) => `${r.trials}/${r.errors}/${r.status}/${r.finishedAt}`).join('|');
    const hit = this.#entries.get(key);
    if (hit && hit.stamp === stamp) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit.result;
    }
    const result = compareRuns(this.#store, baseline, candidate, options);
    const cacheable = baseline.status !== 'running' && candidate.status !== 'running';
    if (cacheable) {
      this.#entries.set(key, { stamp, result });
      result.catch(() => this.#entries.delete(key));
      while (this.#entries.size > MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value as string);
    }
    return result;
  }

  /** Forgets every comparison that involves this run (its scores changed). */
  invalidate(runId: string): void {
    for (const key of [...this.#entries.keys()]) {
      const [b, c] = JSON.parse(key) as [string, string];
      if (b === runId || c === runId) this.#entries.delete(key);
    }
  }
}
