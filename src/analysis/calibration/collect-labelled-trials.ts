import { AssayError } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import type { StoredReview } from '../../store/types.js';
import type { CalibrationInput, HumanLabel, LabelledTrial } from './calibration-types.js';

/** A review as a human label: `pass`/`fail` labels, else the score against 0.5. */
export function humanLabelOf(review: StoredReview): HumanLabel | undefined {
  const label = review.label?.trim().toLowerCase();
  let pass: boolean | undefined;
  if (label === 'pass' || label === 'fail') pass = label === 'pass';
  else if (review.score !== null) pass = review.score >= 0.5;
  if (pass === undefined) return undefined;
  const category = review.label ?? String(review.score);
  return { reviewer: review.reviewer ?? `review:${review.grader}`, pass, category };
}

/**
 * Reads, for grader `grader`, every trial it scored in the given runs (default: every run with
 * a finished review) and the finished human reviews of those trials.
 */
export async function collectLabelledTrials(store: Store, grader: string, runIds?: readonly string[]): Promise<Omit<CalibrationInput, 'alpha' | 'minLabels'>> {
  const ids = runIds && runIds.length > 0 ? [...runIds] : [...new Set((await store.reviews.list({ status: 'done' })).map((r) => r.runId))].sort();
  const trials: LabelledTrial[] = [];
  let judged = 0;
  let passes = 0;
  let seen = false;
  for (const runId of ids) {
    if (!(await store.runs.get(runId))) {
      throw new AssayError('RUN_NOT_FOUND', `No run '${runId}' in ${store.location}.`, { hint: 'List runs with `assay runs` (and check --store).' });
    }
    const reviews = new Map<string, StoredReview[]>();
    for (const r of await store.reviews.list({ runId, status: 'done' })) {
      const key = `${r.caseId}\u0000${r.repeat}`;
      reviews.set(key, [...(reviews.get(key) ?? []), r]);
    }
    for await (const trial of store.trials.iterate(runId)) {
      const score = trial.scores.find((s) => s.grader === grader);
      if (!score) continue;
      seen = true;
      if (trial.error !== null || score.error !== undefined || score.pending || typeof score.pass !== 'boolean') continue;
      judged++;
      if (score.pass) passes++;
      const humans = (reviews.get(`${trial.caseId}\u0000${trial.repeat}`) ?? [])
        .map(humanLabelOf)
        .filter((h): h is HumanLabel => h !== undefined);
      if (humans.length === 0) continue;
      const category = score.label ?? String(score.value);
      trials.push({ runId, caseId: trial.caseId, repeat: trial.repeat, judge: { pass: score.pass, category }, humans });
    }
  }
  if (!seen) {
    throw new AssayError('GRADER_NOT_FOUND', `No trial scored by grader '${grader}' in ${ids.length === 0 ? 'any reviewed run' : `run${ids.length === 1 ? '' : 's'} ${ids.join(', ')}`}.`, {
      hint: ids.length === 0 ? 'Review some trials first (`assay review`, or `assay review import labels.jsonl`), or pass --run.' : 'Check the grader name with `assay show <runId>`.',
    });
  }
  return { grader, trials, judged: { n: judged, passes } };
}
