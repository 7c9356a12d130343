import { AssayError } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import type { StoredReview } from '../../store/types.js';
import { passOf, passRulesOf, reviewedScore, uniformPassRules } from '../metrics/pass-rule.js';
import type { CalibrationInput, HumanLabel, LabelledTrial } from './calibration-types.js';

/**
 * A review as a human label: `pass`/`fail` labels decide, else the score passes at
 * `threshold`, the pass rule of the grader being calibrated (one rule for people and judges:
 * a 1–5 review passes at the judge's `passLevel`).
 */
export function humanLabelOf(review: StoredReview, threshold = 0.5): HumanLabel | undefined {
  const r = reviewedScore({ ...review, status: 'done' }, uniformPassRules(threshold));
  if (!r) return undefined;
  const category = review.label ?? String(review.score);
  return { reviewer: review.reviewer ?? `review:${review.grader}`, pass: r.pass, category };
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
    const run = await store.runs.get(runId);
    if (!run) {
      throw new AssayError('RUN_NOT_FOUND', `No run '${runId}' in ${store.location}.`, { hint: 'List runs with `assay runs` (and check --store).' });
    }
    const rules = passRulesOf(run.config);
    const threshold = rules.threshold(grader);
    const reviews = new Map<string, StoredReview[]>();
    for (const r of await store.reviews.list({ runId, status: 'done' })) {
      const key = `${r.caseId}\u0000${r.repeat}`;
      reviews.set(key, [...(reviews.get(key) ?? []), r]);
    }
    for await (const trial of store.trials.iterate(runId)) {
      const score = trial.scores.find((s) => s.grader === grader);
      if (!score) continue;
      seen = true;
      if (trial.error !== null || score.error !== undefined || score.pending || !Number.isFinite(score.value)) continue;
      const pass = passOf(grader, score.value, score.pass, rules);
      judged++;
      if (pass) passes++;
      const humans = (reviews.get(`${trial.caseId}\u0000${trial.repeat}`) ?? [])
        .map((r) => humanLabelOf(r, threshold))
        .filter((h): h is HumanLabel => h !== undefined);
      if (humans.length === 0) continue;
      const category = score.label ?? String(score.value);
      trials.push({ runId, caseId: trial.caseId, repeat: trial.repeat, judge: { pass, category }, humans });
    }
  }
  if (!seen) {
    throw new AssayError('GRADER_NOT_FOUND', `No trial scored by grader '${grader}' in ${ids.length === 0 ? 'any reviewed run' : `run${ids.length === 1 ? '' : 's'} ${ids.join(', ')}`}.`, {
      hint: ids.length === 0 ? 'Review some trials first (`assay review`, or `assay review import labels.jsonl`), or pass --run.' : 'Check the grader name with `assay show <runId>`.',
    });
  }
  return { grader, trials, judged: { n: judged, passes } };
}
