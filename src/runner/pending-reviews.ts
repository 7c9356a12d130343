import type { Store } from '../store/store.js';
import type { WriteTrialInput } from '../store/types.js';

/** The audit sample of a run, kept in the store so that every process writing the run shares it. */
export function auditSlotsOf(
  store: Store,
  runId: string,
): (grader: string, caseId: string, size: number) => Promise<boolean> {
  return (grader, caseId, size) => store.reviews.claimAuditSlot({ runId, grader, caseId, size });
}

/** Creates a pending review for each score of a trial that waits for a person (once per trial and grader). */
export async function createPendingReviews(store: Store, trial: WriteTrialInput): Promise<void> {
  for (const score of trial.scores) {
    if (!score.pending) continue;
    const existing = await store.reviews.list({ runId: trial.runId, caseId: trial.caseId, grader: score.grader });
    if (existing.some((r) => r.repeat === trial.repeat)) continue;
    await store.reviews.upsert({
      runId: trial.runId,
      caseId: trial.caseId,
      repeat: trial.repeat,
      grader: score.grader,
      status: 'pending',
    });
  }
}
