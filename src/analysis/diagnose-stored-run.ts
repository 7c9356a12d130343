import { AssayError } from '../core/errors.js';
import { diagnose, type DiagnoseOptions } from '../datasets/diagnose/diagnose-run.js';
import type { CaseOutcome, DiagnoseReport, PassCount, PassRateInterval } from '../datasets/diagnose/diagnose-report.js';
import type { Store } from '../store/store.js';
import type { ScoreColumns } from './metrics/case-fold.js';
import { rateInterval } from './metrics/rate-interval.js';
import { readFold } from './metrics/read-fold.js';

/**
 * `assay diagnose`: reads a stored run through the one per-case fold (reviews, pass rules,
 * grader and target errors applied as in every other view) and diagnoses it against logs.
 *
 * @example
 * const report = await diagnoseStoredRun(store, 'run_20240601T120000Z_ab12cd', { logs: 'logs.jsonl' });
 */
export async function diagnoseStoredRun(
  store: Store,
  runId: string,
  options: DiagnoseOptions,
): Promise<DiagnoseReport> {
  const run = await store.runs.get(runId);
  if (!run)
    throw new AssayError('RUN_NOT_FOUND', `No run '${runId}' in the store at ${store.location}.`, {
      hint: 'List runs with `assay runs`, or pass --store.',
    });
  const cases = await store.datasets.listCases(run.datasetVersion);
  const outcomes = diagnoseOutcomes(await readFold(store, run));
  return diagnose(
    { runId, evalName: run.eval, datasetVersion: run.datasetVersion, cases, outcomes, passRate: diagnosePassRate },
    options,
  );
}

/**
 * Diagnose's eval pass rates are the summary's estimator and interval over the same cases,
 * unweighted (diagnose reweights to production itself): with repeats, Wilson at the
 * case-clustered effective sample size, not Wilson on the number of cases.
 */
export const diagnosePassRate: PassRateInterval = (cases) =>
  rateInterval(cases.map((c) => ({ passes: c.passes, graded: c.graded, weight: 1 })));

/**
 * Per case, from the fold: each grader's pass share, and the share of repeats where every
 * grader passed. Repeats line up across graders when each grader has a usable score for every
 * repeat that reached the target; otherwise (a grader erred on some repeat) the case's share is
 * the lowest grader's, an upper bound of the joint share.
 */
export function diagnoseOutcomes(fold: ScoreColumns): Map<string, CaseOutcome> {
  const out = new Map<string, CaseOutcome>();
  fold.caseIds.forEach((caseId, i) => {
    const graders = new Map<string, number>();
    const graderCounts = new Map<string, PassCount>();
    let errors = fold.targetErrorsPerCase[i];
    for (const g of fold.graders) {
      const graded = g.start[i + 1] - g.start[i];
      errors = Math.max(errors, g.errors[i]);
      if (graded === 0) continue;
      graders.set(g.name, g.passCount[i] / graded);
      graderCounts.set(g.name, { passes: g.passCount[i], graded });
    }
    const reached = fold.trialsPerCase[i] - fold.targetErrorsPerCase[i];
    let passCount: PassCount | undefined;
    if (graderCounts.size > 0 && [...graderCounts.values()].every((c) => c.graded === reached)) {
      let joint = 0;
      for (let r = 0; r < reached; r++)
        if (fold.graders.every((g) => g.start[i + 1] === g.start[i] || g.passes[g.start[i] + r] === 1)) joint++;
      passCount = { passes: joint, graded: reached };
    } else {
      // The lowest grader's counts (ties: the first in grader order).
      for (const c of graderCounts.values())
        if (passCount === undefined || c.passes / c.graded < passCount.passes / passCount.graded) passCount = c;
    }
    out.set(caseId, {
      caseId,
      ...(passCount !== undefined && { pass: passCount.passes / passCount.graded, passCount }),
      graders,
      graderCounts,
      errors,
    });
  });
  return out;
}
