import { AssayError } from '../../core/errors.js';
import type { Score } from '../../core/types.js';
import type { Store } from '../../store/store.js';
import type { StoredReview, UpsertReviewInput } from '../../store/types.js';
import { labelsFor, matchLabel, scoreForLabel } from './review-labels.js';

export interface RecordedReview {
  /** The review task as stored: for several reviewers, the resolved label. */
  readonly review: StoredReview;
  /** Every reviewer's label of this trial and grader. */
  readonly labels: readonly StoredReview[];
  /** Set when reviewers disagree: how the disagreement was resolved, in words. */
  readonly conflict?: string;
  /**
   * `review`: the label answers a pending human score and counts in the run's metrics;
   * `calibration`: the label is for a judge or rule score, which it does not change; `assay calibrate` uses it.
   */
  readonly use: 'review' | 'calibration';
}

/** A reviewer's label checked against the grader's labels: the allowed spelling and its score. */
export interface CheckedLabel {
  readonly label: string | null;
  readonly score: number;
}

/**
 * Checks a reviewer's decision against the grader's labels: a label must be one of them, and a
 * score given with a label must be the score that label stands for (`pass` is 1, never 0).
 * Returns the problem in words, or the decision with its score.
 */
export function checkLabel(
  score: Score | undefined,
  label: string | null | undefined,
  value: number | null | undefined,
): CheckedLabel | string {
  const allowed = labelsFor(score);
  if (label !== null && label !== undefined && label.trim() !== '') {
    const match = matchLabel(label, allowed);
    if (match === undefined) return `'${label}' is not one of ${allowed.join(', ')}`;
    const implied = scoreForLabel(match, allowed);
    if (value !== null && value !== undefined && Math.abs(value - implied) > 1e-9) {
      return (
        `label '${match}' stands for score ${implied}, but score ${value} was given ` +
        '(send the label alone, or only a score)'
      );
    }
    return { label: match, score: implied };
  }
  if (value === null || value === undefined) return 'a label or a score is required';
  const inRange = Number.isFinite(value) && value >= 0 && value <= 1;
  if (!inRange) return `score must be a number between 0 and 1, got ${value}`;
  return { label: null, score: value };
}

/**
 * Records one reviewer's decision on a trial, the one way every face (queue, import, dashboard)
 * saves a review. The label is checked against the grader's labels; every reviewer's label is
 * kept. When reviewers disagree, the trial counts with the label most of them gave; an even
 * split resolves to the lowest-scoring of the tied labels (never the friendlier one), and the
 * review says so in its comment.
 *
 * @example
 * const task = { runId, caseId: 'c1', repeat: 0, grader: 'expert' };
 * const { conflict } = await recordReview(store, { ...task, status: 'done', reviewer: 'ann', label: 'pass' });
 */
export async function recordReview(store: Store, input: UpsertReviewInput): Promise<RecordedReview> {
  const trial = (await store.trials.list(input.runId, { caseId: input.caseId })).find((t) => t.repeat === input.repeat);
  if (!trial) {
    const what = `Run '${input.runId}' has no trial of case '${input.caseId}' repeat ${input.repeat}.`;
    throw new AssayError('REVIEW_TRIAL_NOT_FOUND', what, {
      hint: 'Check the run, case and repeat (`assay show <runId> --cases`).',
    });
  }
  const score = trial.scores.find((s) => s.grader === input.grader);
  if (!score) {
    const what = `No grader '${input.grader}' scored case '${input.caseId}' in run '${input.runId}'.`;
    throw new AssayError('REVIEW_UNKNOWN_GRADER', what, {
      hint: `Graders of this trial: ${trial.scores.map((s) => s.grader).join(', ') || 'none'}.`,
    });
  }
  const use = score.pending === true || score.meta?.review !== undefined ? 'review' : 'calibration';
  if (input.status !== 'done') return { review: await store.reviews.upsert(input), labels: [], use };
  const checked = checkLabel(score, input.label, input.score);
  if (typeof checked === 'string') {
    const what = `Review of case '${input.caseId}' for grader '${input.grader}': ${checked}.`;
    throw new AssayError('REVIEW_INVALID_LABEL', what, {
      hint: `Labels of '${input.grader}': ${labelsFor(score).join(', ')}.`,
    });
  }
  const reviewer = input.reviewer?.trim() || 'anonymous';
  const saved = await store.reviews.upsert({ ...input, reviewer, label: checked.label, score: checked.score });
  const labels = await store.reviews.listLabels({ runId: input.runId, caseId: input.caseId, grader: input.grader });
  const mine = labels.filter((l) => l.repeat === input.repeat);
  const resolved = resolveLabels(mine);
  if (!resolved) return { review: saved, labels: mine, use };
  const who = mine.map((l) => `${l.reviewer}=${decision(l)}`).join(', ');
  const comment = `${mine.length} reviewers disagree (${who}): ${resolved.why}`;
  const resolvedRow = { ...input, reviewer: null, label: resolved.label, score: resolved.score, comment };
  const review = await store.reviews.upsert(resolvedRow);
  return { review, labels: mine, conflict: comment, use };
}

/** The label that stands for several disagreeing reviewers, or undefined when they all agree. */
export function resolveLabels(
  labels: readonly StoredReview[],
): { label: string | null; score: number; why: string } | undefined {
  const votes = new Map<string, { label: string | null; score: number; count: number }>();
  for (const l of labels) {
    const key = decision(l);
    const v = votes.get(key) ?? { label: l.label, score: l.score ?? Number.NaN, count: 0 };
    v.count++;
    votes.set(key, v);
  }
  if (votes.size < 2) return undefined;
  const ranked = [...votes.values()].sort((a, b) => b.count - a.count || a.score - b.score);
  const top = ranked[0];
  const split = ranked.filter((v) => v.count === top.count).length > 1;
  const name = top.label ?? `score ${top.score}`;
  return {
    label: top.label,
    score: top.score,
    why: split
      ? `an even split counts as the lowest of the tied labels, '${name}'`
      : `the majority label '${name}' counts`,
  };
}

function decision(l: StoredReview): string {
  return l.label ?? `score ${l.score}`;
}
