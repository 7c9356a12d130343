import type { Store } from '../../store/store.js';
import type { ListTrialsQuery, StoredRun, StoredTrial, TrialOutcome } from '../../store/types.js';
import { applyReview, passOf, passRulesOf, reviewedScore, reviewKey } from './pass-rule.js';

/** A trial listing filtered by outcome, decided here (with reviews applied), not by the store. */
export interface TrialOutcomeQuery extends Omit<ListTrialsQuery, 'trials'> {
  /**
   * `error`: a target or grader error; `fail`: a usable score failed; `pending`: waits for a
   * person; `pass`: every usable score passed.
   */
  readonly outcome?: TrialOutcome;
}

/**
 * The (case, repeat) keys of a run's trials with the given outcome, by the summary's rules: a
 * done review replaces the pending score it answers and passes by the grader's pass rule.
 * With `grader`, only that grader's score is considered.
 */
export async function trialsWithOutcome(
  store: Store,
  run: Pick<StoredRun, 'runId' | 'config'>,
  outcome: TrialOutcome,
  grader?: string,
): Promise<{ caseId: string; repeat: number }[]> {
  const reviews = await store.reviews.list({ runId: run.runId, status: 'done' });
  const rules = passRulesOf(run.config);
  const done = new Map(reviews.map((r) => [reviewKey(r.caseId, r.repeat, r.grader), r]));
  const keys: { caseId: string; repeat: number }[] = [];
  // Page by page: a run of a million trials is never held as columns at once.
  await store.trials.scanColumns(run.runId, ({ trials, scores }) => {
    for (let i = 0; i < trials.caseIds.length; i++) {
      const caseId = trials.caseIds[i];
      const repeat = trials.repeats[i];
      let error = trials.errors[i] !== null;
      // A target error has no scores: it is an error for every grader.
      let fail = false;
      let pass = false;
      let pending = false;
      let any = false;
      for (let j = trials.scoreStart[i]; j < trials.scoreStart[i + 1]; j++) {
        const name = scores.graderNames[scores.grader[j]];
        if (grader !== undefined && name !== grader) continue;
        any = true;
        if (scores.pending[j] === 1) {
          const review = done.get(reviewKey(caseId, repeat, name));
          const r = review && reviewedScore(review, rules);
          if (!r) pending = true;
          else if (r.pass) pass = true;
          else fail = true;
        } else if (scores.errors[j] !== null || !Number.isFinite(scores.values[j])) error = true;
        else if (passOf(name, scores.values[j], scores.pass[j] === -1 ? undefined : scores.pass[j] === 1, rules))
          pass = true;
        else fail = true;
      }
      const targetError = trials.errors[i] !== null;
      if (grader !== undefined && !any && !targetError) continue;
      const matches =
        outcome === 'error'
          ? error
          : outcome === 'fail'
            ? !targetError && fail
            : outcome === 'pending'
              ? pending
              : !targetError && pass && !fail && !error;
      if (matches) keys.push({ caseId, repeat });
    }
  });
  return keys;
}

/**
 * One page of a run's trials and the total, filtered by outcome through {@link trialsWithOutcome}
 * and by everything else in the store. Pending scores answered by a done review are shown reviewed.
 */
export async function listTrials(
  store: Store,
  run: Pick<StoredRun, 'runId' | 'config'>,
  query: TrialOutcomeQuery,
): Promise<{ trials: StoredTrial[]; total: number }> {
  const { outcome, grader, ...rest } = query;
  const keep = outcome === undefined ? undefined : await trialsWithOutcome(store, run, outcome, grader);
  // With an outcome the keys already hold the grader's trials (a target error has no score to find).
  const storeQuery: ListTrialsQuery = keep ? { ...rest, trials: keep } : { ...rest, grader };
  const [trials, total, reviews] = await Promise.all([
    store.trials.list(run.runId, storeQuery),
    store.trials.count(run.runId, storeQuery),
    store.reviews.list({ runId: run.runId, status: 'done' }),
  ]);
  const rules = passRulesOf(run.config);
  const done = new Map(reviews.map((r) => [reviewKey(r.caseId, r.repeat, r.grader), r]));
  const shown = trials.map((t) =>
    t.scores.some((s) => s.pending)
      ? { ...t, scores: t.scores.map((s) => applyReview(s, done.get(reviewKey(t.caseId, t.repeat, s.grader)), rules)) }
      : t,
  );
  return { trials: shown, total };
}
