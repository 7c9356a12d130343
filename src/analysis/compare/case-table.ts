import type { CaseMetadata } from '../../core/types.js';
import type { Store } from '../../store/store.js';
import type { StoredReview, StoredTrial } from '../../store/types.js';
import { applyReview, reviewKey } from '../case-scores.js';
import { judgeCostOf } from '../judge-tally.js';

/** One grader's scores for one case, over its repeats. */
export interface GraderCaseScores {
  /** Usable score values in [0, 1], one per repeat that was graded. */
  readonly values: number[];
  /** Pass/fail of those same repeats. */
  readonly passes: boolean[];
  /** Repeats whose score is an error (grader error, or a target error). */
  errors: number;
  pending: number;
  /** The reason of the last failing score, for reporters. */
  failReason?: string;
  /** The last error message (grader error or target error), for reporters. */
  errorMessage?: string;
}

export interface CaseRow {
  readonly caseId: string;
  readonly slice: string;
  readonly metadata: CaseMetadata;
  readonly weight: number;
  trials: number;
  targetErrors: number;
  /** The last target error message. */
  targetError?: string;
  readonly graders: Map<string, GraderCaseScores>;
  readonly latenciesMs: number[];
  readonly cost: { usd: number; known: number; unknown: number };
}

/** A run's trials folded by case: what pairing, segments and gates work on. */
export interface CaseTable {
  readonly cases: Map<string, CaseRow>;
  /** Every grader seen, in first-seen order. */
  readonly graders: string[];
  readonly trials: number;
  /** Trials with a target error. */
  readonly targetErrors: number;
  readonly maxRepeats: number;
  readonly latenciesMs: number[];
  /** Sum of known costs, and how many trials had an unknown one. */
  readonly cost: { usd: number; known: number; unknown: number };
}

/** Folds trials into a case table. Trials of one case may arrive in any order. */
export function buildCaseTable(trials: Iterable<StoredTrial>): CaseTable {
  const table = emptyCaseTable();
  const pendingTargetErrors: CaseRow[] = [];
  for (const trial of trials) addTrial(table, trial, pendingTargetErrors);
  return finishCaseTable(table, pendingTargetErrors);
}

/** The same as {@link buildCaseTable} over a stream: trials are folded as they arrive, never held. */
export async function buildCaseTableFrom(trials: AsyncIterable<StoredTrial>): Promise<CaseTable> {
  const table = emptyCaseTable();
  const pendingTargetErrors: CaseRow[] = [];
  for await (const trial of trials) addTrial(table, trial, pendingTargetErrors);
  return finishCaseTable(table, pendingTargetErrors);
}

function emptyCaseTable(): CaseTable {
  return { cases: new Map(), graders: [], trials: 0, targetErrors: 0, maxRepeats: 0, latenciesMs: [], cost: { usd: 0, known: 0, unknown: 0 } };
}

function finishCaseTable(table: CaseTable, pendingTargetErrors: readonly CaseRow[]): CaseTable {  // A target error has no scores: it counts as an error for every grader the run used.
  for (const row of pendingTargetErrors) {
    for (const grader of table.graders) scoresFor(row, grader);
  }
  for (const row of table.cases.values()) {
    for (const grader of table.graders) {
      const scores = scoresFor(row, grader);
      const accounted = scores.values.length + scores.errors + scores.pending;
      if (accounted < row.trials) {
        scores.errors += row.trials - accounted;
        scores.errorMessage ??= row.targetError ?? `no '${grader}' score stored for this trial`;
      }
    }
  }
  return table;
}

function addTrial(table: CaseTable, trial: StoredTrial, targetErrorRows: CaseRow[]): void {
  let row = table.cases.get(trial.caseId);
  if (!row) {
    row = { caseId: trial.caseId, slice: trial.slice, metadata: trial.metadata ?? {}, weight: trial.weight ?? 1, trials: 0, targetErrors: 0, graders: new Map(), latenciesMs: [], cost: { usd: 0, known: 0, unknown: 0 } };
    table.cases.set(trial.caseId, row);
  }
  row.trials += 1;
  (table as { trials: number }).trials += 1;
  (table as { maxRepeats: number }).maxRepeats = Math.max(table.maxRepeats, row.trials);
  if (Number.isFinite(trial.latencyMs)) {
    table.latenciesMs.push(trial.latencyMs);
    row.latenciesMs.push(trial.latencyMs);
  }
  const cost = trial.output?.costUsd;
  // Model judges spend money too: their cost, kept on each score, counts toward the run's.
  let judgeUsd = 0;
  let judgeUnknown = false;
  for (const score of trial.scores) {
    const judgeCost = judgeCostOf(score);
    if (typeof judgeCost === 'number') judgeUsd += judgeCost;
    else if (judgeCost === null) judgeUnknown = true;
  }
  for (const c of [table.cost, row.cost]) {
    // Why: a judge of unknown price makes the trial's spend unknown, so a cost gate cannot pass over it.
    if (typeof cost === 'number' && Number.isFinite(cost) && !judgeUnknown) {
      c.usd += cost + judgeUsd;
      c.known += 1;
    } else if (!trial.error) {
      c.unknown += 1;
      c.usd += judgeUsd + (typeof cost === 'number' && Number.isFinite(cost) ? cost : 0);
    }
  }
  if (trial.error) {
    row.targetErrors += 1;
    row.targetError = trial.error;
    (table as { targetErrors: number }).targetErrors += 1;
    targetErrorRows.push(row);
    return;
  }
  for (const score of trial.scores) {
    if (!table.graders.includes(score.grader)) table.graders.push(score.grader);
    const scores = scoresFor(row, score.grader);
    if (score.pending) scores.pending += 1;
    else if (score.error !== undefined || !Number.isFinite(score.value)) {
      scores.errors += 1;
      scores.errorMessage = score.error ?? `'${score.grader}' stored a non-numeric score`;
    }
    else {
      scores.values.push(score.value);
      const pass = typeof score.pass === 'boolean' ? score.pass : score.value >= 1;
      scores.passes.push(pass);
      if (!pass && score.reason) scores.failReason = score.reason;
    }
  }
}

function scoresFor(row: CaseRow, grader: string): GraderCaseScores {
  let scores = row.graders.get(grader);
  if (!scores) {
    scores = { values: [], passes: [], errors: 0, pending: 0 };
    row.graders.set(grader, scores);
  }
  return scores;
}

/** Reads every trial of a run (streamed) into a case table; done reviews replace pending human scores. */
export async function readCaseTable(store: Store, runId: string): Promise<CaseTable> {
  const reviews = new Map<string, StoredReview>();
  for (const r of await store.reviews.list({ runId, status: 'done' })) reviews.set(reviewKey(r.caseId, r.repeat, r.grader), r);
  async function* reviewed(): AsyncIterable<StoredTrial> {
    // Scores and accounting columns only: comparisons never read the output text.
    for await (const trial of store.trials.iterate(runId, { withOutput: false })) {
      if (reviews.size === 0 || !trial.scores.some((s) => s.pending)) yield trial;
      else yield { ...trial, scores: trial.scores.map((s) => applyReview(s, reviews.get(reviewKey(trial.caseId, trial.repeat, s.grader)))) };
    }
  }
  return buildCaseTableFrom(reviewed());
}

/** True when every usable score of the grader is exactly 0 or 1 on both tables. */
export function isBinaryGrader(grader: string, ...tables: readonly CaseTable[]): boolean {
  for (const table of tables) {
    for (const row of table.cases.values()) {
      const scores = row.graders.get(grader);
      if (!scores) continue;
      for (const v of scores.values) if (v !== 0 && v !== 1) return false;
    }
  }
  return true;
}

/** Per-case mean of the grader's outcome: pass share for binary graders, mean score otherwise. */
export function caseMean(scores: GraderCaseScores | undefined, kind: 'binary' | 'continuous'): number | undefined {
  if (!scores || scores.values.length === 0) return undefined;
  const xs = kind === 'binary' ? scores.passes.map((p) => (p ? 1 : 0)) : scores.values;
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** The value a case has on a segment field (`slice` or a metadata field), as a string. */
export function segmentValue(row: CaseRow, field: string): string | undefined {
  if (field === 'slice') return row.slice;
  const v = row.metadata[field];
  if (v === undefined || v === null) return undefined;
  return String(v);
}
