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

/** Options of {@link collectLabelledTrials}. */
export interface CollectLabelsOptions {
  /** Use the labels of this (human) grader, whatever judge its reviews name. */
  readonly labelsFrom?: string;
}

/**
 * Reads, for grader `grader`, every trial it scored in the given runs (default: every run with
 * a finished review) and the human labels *for that grader*: labels given to the grader itself
 * (imported for its scores), and labels of human graders whose review names it (`calibrates`,
 * or the grader their policy looks at). Labels of other reviews are left out and counted.
 * Each labelled trial carries how it was picked (policy, probability).
 */
export async function collectLabelledTrials(
  store: Store,
  grader: string,
  runIds?: readonly string[],
  options: CollectLabelsOptions = {},
): Promise<Omit<CalibrationInput, 'alpha' | 'minLabels'> & { notes: string[] }> {
  const ids =
    runIds && runIds.length > 0
      ? [...runIds]
      : [...new Set((await store.reviews.list({ status: 'done' })).map((r) => r.runId))].sort();
  const trials: LabelledTrial[] = [];
  const ignored = new Map<string, { count: number; unnamed: boolean }>();
  let judged = 0;
  let passes = 0;
  let seen = false;
  for (const runId of ids) {
    const run = await store.runs.get(runId);
    if (!run) {
      throw new AssayError('RUN_NOT_FOUND', `No run '${runId}' in ${store.location}.`, {
        hint: 'List runs with `assay runs` (and check --store).',
      });
    }
    const rules = passRulesOf(run.config);
    const threshold = rules.threshold(grader);
    const labels = new Map<string, StoredReview[]>();
    for (const r of await store.reviews.listLabels({ runId })) {
      const key = `${r.caseId}\u0000${r.repeat}`;
      labels.set(key, [...(labels.get(key) ?? []), r]);
    }
    for await (const trial of store.trials.iterate(runId)) {
      const score = trial.scores.find((s) => s.grader === grader);
      if (!score) continue;
      seen = true;
      if (trial.error !== null || score.error !== undefined || score.pending || !Number.isFinite(score.value)) continue;
      const pass = passOf(grader, score.value, score.pass, rules);
      judged++;
      if (pass) passes++;
      const humans: HumanLabel[] = [];
      let selection: LabelledTrial['selection'] | undefined;
      for (const review of labels.get(`${trial.caseId}\u0000${trial.repeat}`) ?? []) {
        // The review request a human grader stored in `meta.review` (graders/human/human-grader.ts).
        const request = trial.scores.find((s) => s.grader === review.grader)?.meta?.review as
          { judges?: unknown; policy?: unknown; probability?: unknown } | undefined;
        const named = Array.isArray(request?.judges) ? (request.judges as string[]) : undefined;
        const forThis =
          options.labelsFrom !== undefined
            ? review.grader === options.labelsFrom
            : review.grader === grader || named?.includes(grader) === true;
        if (!forThis) {
          const unnamed = named === undefined && review.grader !== grader;
          const note = ignored.get(review.grader) ?? { count: 0, unnamed };
          note.count++;
          ignored.set(review.grader, note);
          continue;
        }
        const label = humanLabelOf(review, threshold);
        if (!label) continue;
        humans.push(label);
        selection ??=
          review.grader === grader || typeof request?.policy !== 'string'
            ? { policy: 'imported' }
            : {
                policy: request.policy,
                ...(typeof request.probability === 'number' && { probability: request.probability }),
              };
      }
      if (humans.length === 0 || !selection) continue;
      const category = score.label ?? String(score.value);
      trials.push({ runId, caseId: trial.caseId, repeat: trial.repeat, judge: { pass, category }, humans, selection });
    }
  }
  if (!seen) {
    throw new AssayError(
      'GRADER_NOT_FOUND',
      `No trial scored by grader '${grader}' in ${ids.length === 0 ? 'any reviewed run' : `run${ids.length === 1 ? '' : 's'} ${ids.join(', ')}`}.`,
      {
        hint:
          ids.length === 0
            ? 'Review some trials first (`assay review`, or `assay review import labels.jsonl`), or pass --run.'
            : 'Check the grader name with `assay show <runId>`.',
      },
    );
  }
  const notes = [...ignored].map(
    ([name, n]) =>
      `${n.count} label${n.count === 1 ? '' : 's'} of '${name}' left out: ` +
      (n.unnamed
        ? `its reviews name no grader they check (pass --labels ${name} to use them).`
        : `they check other graders, not '${grader}'.`),
  );
  return { grader, trials, judged: { n: judged, passes }, notes };
}
