import type { RunSummary } from '../../analysis/summary-types.js';
import { EVAL_LIMITS } from '../../config/eval-definition.js';
import type { ResolvedEval } from '../../config/resolve-eval.js';
import { pc } from '../../core/colors.js';
import { formatCount } from '../../core/format-count.js';
import type { Store } from '../../store/store.js';

/**
 * `run` exits 1 when more than 5% of its trials got a target error (after retries): past that,
 * the errored cases are a large, non-random part of the eval that the pass rates leave out.
 * Gates keep their own `maxErrorRate`.
 */
export const DEFAULT_MAX_ERROR_RATE = 0.05;

/**
 * Before a run of more than 100,000 trials, says how many it will make and, when an earlier
 * run of the same eval recorded its cost, about what they will cost.
 */
export async function announcePlan(store: Store, ev: ResolvedEval): Promise<void> {
  const planned = ev.cases.length * ev.repeats;
  if (planned <= EVAL_LIMITS.announceTrials) return;
  const [previous] = await store.runs.list({ eval: ev.name, status: 'completed', limit: 1 });
  const summary = previous?.summary as Partial<RunSummary> | null | undefined;
  const usd = summary?.cost?.usd;
  const trials = summary?.counts?.trials;
  const estimate =
    typeof usd === 'number' && typeof trials === 'number' && trials > 0
      ? `, about $${((usd / trials) * planned).toFixed(2)} at the cost per trial of run ${previous!.runId}`
      : '';
  const size = `${formatCount(planned)} trials (${formatCount(ev.cases.length)} cases × ${formatCount(ev.repeats)} repeats)`;
  process.stderr.write(`Planned: ${size}${estimate}.\n`);
}

/**
 * Prints the share of trials that got a target error, in red, and returns 1 when it is above
 * `maxErrorRate` (0 otherwise).
 */
export async function checkErrorRate(store: Store, runId: string, maxErrorRate: number): Promise<number> {
  const run = await store.runs.get(runId);
  if (!run || run.errors === 0 || run.trials === 0) return 0;
  const rate = run.errors / run.trials;
  const share = `${(rate * 100).toFixed(1)}%`;
  const line = `${formatCount(run.errors)} of ${formatCount(run.trials)} trials (${share}) got a target error`;
  if (rate <= maxErrorRate) {
    process.stderr.write(`${pc.red(line)}.\n`);
    return 0;
  }
  const limit = `${(maxErrorRate * 100).toFixed(1)}%`;
  process.stderr.write(`${pc.red(`${line}: above --max-error-rate ${maxErrorRate} (${limit}).`)}\n`);
  return 1;
}
