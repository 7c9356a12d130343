import { AssayError, type Issue, type IssueCode } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import type { StoredReview, StoredRun, StoredTrial, UpsertReviewInput } from '../../store/types.js';
import { readLabelRows, type LabelRow } from './read-label-rows.js';
import { checkLabel, recordReview, type CheckedLabel } from './record-review.js';

export interface ImportLabelsResult {
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Rows with no label, score or reviewer yet (an exported task nobody filled in). */
  readonly notLabelled: number;
  readonly runIds: readonly string[];
  /** Labels imported for judge or rule scores: they leave the scores as they are and feed `assay calibrate`. */
  readonly calibration: number;
  /** Trials whose reviewers now disagree, with how each was resolved. */
  readonly conflicts: readonly string[];
}

/**
 * Loads human labels from a vendor or another team (`runId`, `caseId`, `repeat?`, `grader`,
 * `label` or `score`, `reviewer`, `comment?`). Every row is validated first — unknown run, case,
 * repeat or grader, a label the grader does not allow, a score outside [0, 1] — and any problem
 * stops the import with every bad row listed as `file:line`. A label given with a score must be
 * the label of that score. Rows upsert by (run, case, repeat, grader, reviewer): every reviewer's
 * label is kept, and importing the same file twice changes nothing. A label for a judge's (or
 * rule's) score leaves that score as it is and is used by `assay calibrate`. Without `repeat`, a label
 * applies to every repeat of the case. Rows with no label, score or reviewer (tasks not done yet)
 * are left out.
 *
 * @example
 * await importLabels(store, 'labels.csv', 'labels.csv'); // { rows: 40, created: 40, updated: 0, unchanged: 0 }
 */
export async function importLabels(store: Store, path: string, label: string): Promise<ImportLabelsResult> {
  const { rows, issues } = await readLabelRows(path, label);
  const planned: UpsertReviewInput[] = [];
  const runs = new Map<string, StoredRun | undefined>();
  const trials = new Map<string, StoredTrial[]>();
  let notLabelled = 0;
  for (const row of rows) {
    if (
      str(row.fields.label) === undefined &&
      str(row.fields.score) === undefined &&
      str(row.fields.reviewer) === undefined
    ) {
      notLabelled++;
      continue;
    }
    const rowIssues: Issue[] = [];
    const at = `${label}:${row.line}`;
    const problem = (field: string, message: string, code: IssueCode = 'invalid_value') =>
      rowIssues.push({ code, path: at, message: `${field}: ${message}` });
    const f = row.fields;
    const runId = str(f.runId);
    const caseId = str(f.caseId);
    const grader = str(f.grader);
    const reviewer = str(f.reviewer);
    if (!runId) problem('runId', 'is required', 'missing_field');
    if (!caseId) problem('caseId', 'is required', 'missing_field');
    if (!grader) problem('grader', 'is required', 'missing_field');
    if (!reviewer) problem('reviewer', 'is required (who labelled the trial)', 'missing_field');
    const repeat = f.repeat === undefined || f.repeat === null || f.repeat === '' ? undefined : Number(f.repeat);
    if (repeat !== undefined && !(Number.isInteger(repeat) && repeat >= 0))
      problem('repeat', `must be a whole number ≥ 0, got ${JSON.stringify(f.repeat)}`);
    const scoreRaw = f.score === undefined || f.score === null || f.score === '' ? undefined : Number(f.score);
    if (scoreRaw !== undefined && !(Number.isFinite(scoreRaw) && scoreRaw >= 0 && scoreRaw <= 1))
      problem('score', `must be a number between 0 and 1, got ${JSON.stringify(f.score)}`);
    const labelRaw = str(f.label);
    if (!labelRaw && scoreRaw === undefined) problem('label', 'a label or a score is required', 'missing_field');
    let matched: StoredTrial[] = [];
    if (runId && caseId) {
      if (!runs.has(runId)) runs.set(runId, await store.runs.get(runId));
      if (!runs.get(runId)) problem('runId', `unknown run '${runId}' (see \`assay runs\`)`, 'unknown_reference');
      else {
        const key = `${runId}\u0000${caseId}`;
        if (!trials.has(key)) trials.set(key, await store.trials.list(runId, { caseId }));
        const caseTrials = trials.get(key) ?? [];
        if (caseTrials.length === 0) problem('caseId', `run '${runId}' has no case '${caseId}'`, 'unknown_reference');
        else {
          matched = repeat === undefined ? caseTrials : caseTrials.filter((t) => t.repeat === repeat);
          if (matched.length === 0)
            problem(
              'repeat',
              `case '${caseId}' has no repeat ${repeat} in run '${runId}' (repeats: ${caseTrials.map((t) => t.repeat).join(', ')})`,
              'unknown_reference',
            );
        }
      }
    }
    if (grader && matched.length > 0 && !matched.some((t) => t.scores.some((s) => s.grader === grader))) {
      const names = [...new Set(matched.flatMap((t) => t.scores.map((s) => s.grader)))];
      problem(
        'grader',
        `no grader '${grader}' scored case '${caseId}' (graders: ${names.join(', ') || 'none'})`,
        'unknown_reference',
      );
    }
    const decided = new Map<number, CheckedLabel>();
    if ((labelRaw || scoreRaw !== undefined) && grader && matched.length > 0 && rowIssues.length === 0) {
      for (const trial of matched) {
        const checked = checkLabel(
          trial.scores.find((s) => s.grader === grader),
          labelRaw,
          scoreRaw,
        );
        if (typeof checked === 'string') {
          problem(checked.startsWith('score') ? 'score' : 'label', checked, 'invalid_value');
          break;
        }
        decided.set(trial.repeat, checked);
      }
    }
    if (rowIssues.length > 0) {
      issues.push(...rowIssues);
      continue;
    }
    for (const trial of matched) {
      const d = decided.get(trial.repeat) as CheckedLabel;
      const common = {
        runId: runId as string,
        caseId: caseId as string,
        repeat: trial.repeat,
        grader: grader as string,
      };
      planned.push({
        ...common,
        status: 'done',
        reviewer,
        label: d.label,
        score: d.score,
        comment: str(f.comment) ?? null,
      });
    }
  }
  if (issues.length > 0) {
    const lineOf = (path: string): number => Number(path.slice(path.lastIndexOf(':') + 1)) || 0;
    issues.sort((a, b) => lineOf(a.path) - lineOf(b.path));
    const bad = new Set(issues.map((i) => i.path)).size;
    throw new AssayError(
      'LABELS_INVALID',
      `${bad} row${bad === 1 ? '' : 's'} of ${label} ${bad === 1 ? 'is' : 'are'} invalid; nothing was imported.`,
      {
        issues,
        hint: 'Fix the rows listed above and import the file again (importing is idempotent).',
      },
    );
  }
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  let calibration = 0;
  const conflicts: string[] = [];
  const existing = new Map<string, StoredReview>();
  for (const runId of new Set(planned.map((p) => p.runId))) {
    for (const r of await store.reviews.listLabels({ runId })) existing.set(key(r), r);
  }
  for (const input of planned) {
    const before = existing.get(key(input));
    if (before && before.label === input.label && before.score === input.score && before.comment === input.comment) {
      unchanged++;
      continue;
    }
    const recorded = await recordReview(store, input);
    if (recorded.use === 'calibration') calibration++;
    if (recorded.conflict)
      conflicts.push(`${input.runId} ${input.caseId}#${input.repeat} ${input.grader}: ${recorded.conflict}`);
    if (before) updated++;
    else created++;
  }
  return {
    rows: rows.length,
    created,
    updated,
    unchanged,
    notLabelled,
    runIds: [...new Set(planned.map((p) => p.runId))],
    calibration,
    conflicts,
  };
}

function key(r: { runId: string; caseId: string; repeat: number; grader: string; reviewer?: string | null }): string {
  return `${r.runId}\u0000${r.caseId}\u0000${r.repeat}\u0000${r.grader}\u0000${r.reviewer ?? ''}`;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export type { LabelRow };
