import type { Case } from '../../core/types.js';
import type { StoredTrial } from '../../store/types.js';
import { NearDuplicateSet } from '../dedup/find-near-duplicates.js';
import { inputText, normalizeWords } from '../dedup/normalize-words.js';

export interface PromoteOptions {
  /** Only trials that failed (a target error, or a failed score). */
  readonly failedOnly: boolean;
  /** Judge failure on this grader only. */
  readonly grader?: string;
}

export interface Promotion {
  readonly caseId: string;
  readonly failedGraders: readonly string[];
  readonly reason?: string;
  readonly output?: string;
}

/**
 * Whether a trial failed, overall or on one grader: a target error, or a score that did not
 * pass. A grader's own error (a judge that timed out) says nothing about the output, so it is
 * not a failure; pending scores never count.
 */
export function trialFailed(trial: StoredTrial, grader?: string): boolean {
  if (trial.error !== null) return true;
  return gradedScores(trial, grader).some((s) => s.error === undefined && s.pass === false);
}

/** Whether a trial's only trouble is a grader error (no target error, no failed score). */
export function onlyGraderError(trial: StoredTrial, grader?: string): boolean {
  return (
    trial.error === null &&
    !trialFailed(trial, grader) &&
    gradedScores(trial, grader).some((s) => s.error !== undefined)
  );
}

function gradedScores(trial: StoredTrial, grader?: string): StoredTrial['scores'] {
  return trial.scores.filter((s) => !s.pending && (!grader || s.grader === grader));
}

/**
 * The cases of a run to promote, one entry per case (the first failing repeat is kept as the
 * example), in case-id order.
 */
export async function selectPromotions(
  trials: AsyncIterable<StoredTrial> | Iterable<StoredTrial>,
  options: PromoteOptions,
  onGraderErrorOnly?: (caseId: string) => void,
): Promise<Promotion[]> {
  const out = new Map<string, Promotion>();
  const graderErrorOnly = new Set<string>();
  for await (const t of trials) {
    if (out.has(t.caseId)) continue;
    const failed = trialFailed(t, options.grader);
    if (options.failedOnly && !failed) {
      if (onlyGraderError(t, options.grader)) graderErrorOnly.add(t.caseId);
      continue;
    }
    if (options.grader && !options.failedOnly && !t.scores.some((s) => s.grader === options.grader)) continue;
    const failing = t.scores.filter(
      (s) =>
        !s.pending && s.error === undefined && s.pass === false && (!options.grader || s.grader === options.grader),
    );
    out.set(t.caseId, {
      caseId: t.caseId,
      failedGraders: t.error !== null ? ['(target error)'] : failing.map((s) => s.grader),
      reason: t.error ?? failing.map((s) => s.reason).find((r) => r !== undefined),
      output: t.output?.text,
    });
  }
  // A case whose every repeat failed only by a grader error is reported, not promoted.
  for (const id of [...graderErrorOnly].sort()) if (!out.has(id)) onGraderErrorOnly?.(id);
  return [...out.values()].sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
}

/** A regression case: the original case, slice `regression`, provenance of the run and failure. */
export function toRegressionCase(c: Case, runId: string, p: Promotion): Case {
  const metadata: Record<string, string | number | boolean | null> = { ...c.metadata, promotedFrom: runId };
  if (p.failedGraders.length > 0) metadata.failedGraders = p.failedGraders.join(',');
  if (c.source) metadata.originalSource = c.source;
  if (p.reason) metadata.failureReason = clip(p.reason);
  if (p.output !== undefined) metadata.failedOutput = clip(p.output);
  return {
    id: c.id,
    input: c.input,
    ...(c.expected !== undefined && { expected: c.expected }),
    slice: 'regression',
    metadata,
    weight: 1,
    source: `${runId}/${c.id}`,
  };
}

/** An incoming case left out because the regression set already has it. */
export interface SkippedCase {
  readonly caseId: string;
  readonly duplicateOf: string;
  /** `id`: the same case id; `exact`: the same input once normalised; `near`: a near-duplicate input. */
  readonly kind: 'id' | 'exact' | 'near';
}

export interface MergeResult {
  readonly added: readonly Case[];
  readonly skipped: readonly SkippedCase[];
}

/**
 * The incoming cases that are new: not an id already present and not a near-duplicate input
 * (Jaccard ≥ threshold over word shingles) of an existing or earlier incoming case.
 */
export function mergeRegressionCases(
  existing: readonly Case[],
  incoming: readonly Case[],
  threshold = 0.8,
): MergeResult {
  const ids = new Set(existing.map((c) => c.id));
  const admitted = new NearDuplicateSet(threshold);
  // owners[i] is the case id behind the i-th text the set admitted.
  const owners: string[] = [];
  // normalised[i] is that text's normalised words, to tell exact copies from near ones.
  const normalised: string[] = [];
  const norm = (c: Case) => normalizeWords(inputText(c.input)).join(' ');
  for (const c of existing) {
    if (admitted.findOrAdd(inputText(c.input)) >= 0) continue;
    owners.push(c.id);
    normalised.push(norm(c));
  }
  const added: Case[] = [];
  const skipped: SkippedCase[] = [];
  for (const c of incoming) {
    if (ids.has(c.id)) {
      skipped.push({ caseId: c.id, duplicateOf: c.id, kind: 'id' });
      continue;
    }
    const twin = admitted.findOrAdd(inputText(c.input));
    if (twin >= 0) {
      skipped.push({ caseId: c.id, duplicateOf: owners[twin], kind: normalised[twin] === norm(c) ? 'exact' : 'near' });
      continue;
    }
    owners.push(c.id);
    normalised.push(norm(c));
    ids.add(c.id);
    added.push(c);
  }
  return { added, skipped };
}

/** One line per kind: `2 already present (1 same id, 1 near-duplicate input)`. */
export function describeSkipped(skipped: readonly SkippedCase[]): string {
  const n = (k: SkippedCase['kind']) => skipped.filter((s) => s.kind === k).length;
  const parts = [
    [n('id'), 'same id'],
    [n('exact'), 'same input'],
    [n('near'), 'near-duplicate input'],
  ]
    .filter(([count]) => (count as number) > 0)
    .map(([count, what]) => `${count} ${what}`);
  return `${skipped.length} already present${parts.length > 0 ? ` (${parts.join(', ')})` : ''}, skipped`;
}

export function clip(text: string): string {
  return text.length > 500 ? `${text.slice(0, 497)}…` : text;
}
