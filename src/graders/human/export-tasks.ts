import { writeFile } from 'node:fs/promises';
import type { Store } from '../../store/store.js';
import { loadReviewTasks } from './review-task.js';

/**
 * Writes pending review tasks as JSONL for a labelling vendor: one line per task with the
 * input, expected answer, output, context and other graders' scores (none for a blind task:
 * `blind: true`, the default for random and audit samples), plus empty `label`,
 * `score`, `reviewer` and `comment` fields to fill in. The filled file imports as is.
 *
 * @example
 * await exportReviewTasks(store, { runId, out: 'tasks.jsonl' }); // → 12
 */
export async function exportReviewTasks(
  store: Store,
  options: { runId?: string; grader?: string; out: string; blind?: boolean },
): Promise<number> {
  const tasks = await loadReviewTasks(store, {
    ...(options.runId !== undefined && { runId: options.runId }),
    ...(options.grader !== undefined && { grader: options.grader }),
    ...(options.blind !== undefined && { blind: options.blind }),
  });
  const lines = tasks.map((t) =>
    JSON.stringify({
      runId: t.review.runId,
      caseId: t.review.caseId,
      repeat: t.review.repeat,
      grader: t.review.grader,
      labels: t.labels,
      ...(t.why !== undefined && { why: t.why }),
      ...(t.instructions !== undefined && { instructions: t.instructions }),
      input: t.testCase?.input ?? null,
      expected: t.testCase?.expected ?? null,
      output: t.output?.text ?? t.output?.value ?? null,
      ...(t.output?.context && { context: t.output.context }),
      ...(t.blind && { blind: true }),
      otherScores: t.otherScores.map((s) => ({
        grader: s.grader,
        value: Number.isFinite(s.value) ? s.value : null,
        pass: s.pass ?? null,
        ...(s.label !== undefined && { label: s.label }),
        ...(s.reason !== undefined && { reason: s.reason }),
        ...(s.error !== undefined && { error: s.error }),
      })),
      label: null,
      score: null,
      reviewer: null,
      comment: null,
    }),
  );
  await writeFile(options.out, lines.length === 0 ? '' : `${lines.join('\n')}\n`, 'utf8');
  return tasks.length;
}
