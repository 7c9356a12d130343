import type { Score } from '../../core/types.js';
import type { ReviewRequest } from './human-grader.js';

export const DEFAULT_LABELS: readonly string[] = ['pass', 'fail'];

/** The labels a reviewer may choose for a trial's score: from its `meta.review`, else pass/fail. */
export function labelsFor(score: Score | undefined): readonly string[] {
  const review = score?.meta?.review as Partial<ReviewRequest> | undefined;
  return Array.isArray(review?.labels) && review.labels.length >= 2 ? review.labels : DEFAULT_LABELS;
}

/**
 * The score a label stands for: pass 1, fail 0; other label lists are read best first, spread
 * evenly from 1 down to 0 (good/ok/bad → 1/0.5/0).
 */
export function scoreForLabel(label: string, labels: readonly string[]): number {
  const l = label.toLowerCase();
  if (l === 'pass') return 1;
  if (l === 'fail') return 0;
  const i = labels.findIndex((x) => x.toLowerCase() === l);
  return labels.length < 2 || i < 0 ? Number.NaN : 1 - i / (labels.length - 1);
}

/** The allowed label matching `label` case-insensitively, in its configured spelling. */
export function matchLabel(label: string, labels: readonly string[]): string | undefined {
  return labels.find((x) => x.toLowerCase() === label.trim().toLowerCase());
}
