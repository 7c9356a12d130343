import type { ScoreColumns } from './case-fold.js';

/** One case's outcomes from the fold: per grader, the share of its graded repeats that passed. */
export interface FoldCaseOutcome {
  readonly caseId: string;
  /** Per grader with at least one graded repeat: passes / graded (reviews and pass rules applied). */
  readonly graders: ReadonlyMap<string, number>;
  /** Repeats with a target error. */
  readonly targetErrors: number;
  /** Per grader: repeats without a usable score (grader or target error). */
  readonly errors: ReadonlyMap<string, number>;
  /** Per grader: repeats still waiting for a person. */
  readonly pending: ReadonlyMap<string, number>;
}

/**
 * Per-case outcomes of a folded run, by the summary's rules, for callers that reason per case
 * (dataset diagnosis, promotion of failures). The CLI hands these to `datasets/`, which may not
 * import analysis.
 *
 * @example
 * const outcomes = caseOutcomesOf(await readFold(store, run));
 */
export function caseOutcomesOf(fold: ScoreColumns): Map<string, FoldCaseOutcome> {
  const out = new Map<string, FoldCaseOutcome>();
  fold.caseIds.forEach((caseId, i) => {
    const graders = new Map<string, number>();
    const errors = new Map<string, number>();
    const pending = new Map<string, number>();
    for (const g of fold.graders) {
      const graded = g.start[i + 1] - g.start[i];
      if (graded > 0) graders.set(g.name, g.passCount[i] / graded);
      if (g.errors[i] > 0) errors.set(g.name, g.errors[i]);
      if (g.pending[i] > 0) pending.set(g.name, g.pending[i]);
    }
    out.set(caseId, { caseId, graders, targetErrors: fold.targetErrorsPerCase[i], errors, pending });
  });
  return out;
}
