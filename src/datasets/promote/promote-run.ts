import { AssayError } from '../../core/errors.js';
import type { Case } from '../../core/types.js';
import type { Store } from '../../store/store.js';
import type { StoredTrial } from '../../store/types.js';
import {
  mergeRegressionCases,
  selectPromotions,
  toRegressionCase,
  type PromoteOptions,
  type SkippedCase,
} from './promote-failures.js';
import { emptyPiiCounts, totalPii, type PiiCounts } from '../../core/pii/redact-pii.js';
import { appendRegressionCases, readRegressionCases, redactCase } from './regression-file.js';
import { didYouMean } from '../../core/did-you-mean.js';

export interface PromoteRunOptions extends PromoteOptions {
  /** The regression JSONL file; created if missing, appended to otherwise. */
  readonly to: string;
  readonly nearDuplicateThreshold?: number;
  /** Redact PII (emails, phones, cards, IBANs, IPs, addresses) in the promoted cases before dedup. */
  readonly redactPii?: boolean;
}

export interface PromoteReport {
  readonly runId: string;
  readonly to: string;
  readonly selected: number;
  readonly added: readonly string[];
  readonly skipped: readonly SkippedCase[];
  /** Trials whose case is missing from the stored dataset version. */
  readonly missingCases: readonly string[];
  /** The graders that scored the run. */
  readonly graders: readonly string[];
  /** Cases left out of `--failed` because their only failure was a grader error (a judge that errored). */
  readonly graderErrorsOnly: readonly string[];
  readonly redacted: PiiCounts & { readonly enabled: boolean; readonly total: number };
}

/**
 * Promotes a run's failures (or all its cases) into a regression set: each becomes a case with
 * slice `regression` and provenance, skipping those already in the file (by id or as an exact
 * or near-duplicate input). New cases are appended, so the existing lines stay as they are.
 * A `grader` that did not score the run is an input error naming the run's graders.
 *
 * @example
 * await promoteRun(store, 'run_20240601T120000Z_ab12cd', { failedOnly: true, to: 'datasets/regression.jsonl' });
 */
export async function promoteRun(store: Store, runId: string, options: PromoteRunOptions): Promise<PromoteReport> {
  const run = await store.runs.get(runId);
  if (!run)
    throw new AssayError('RUN_NOT_FOUND', `No run '${runId}' in the store at ${store.location}.`, {
      hint: 'List runs with `assay runs`, or pass --store.',
    });
  const graders = new Set<string>();
  async function* noteGraders(trials: AsyncIterable<StoredTrial>): AsyncGenerator<StoredTrial> {
    for await (const t of trials) {
      for (const s of t.scores) graders.add(s.grader);
      yield t;
    }
  }
  const graderErrorsOnly: string[] = [];
  const promotions = await selectPromotions(noteGraders(store.trials.iterate(runId)), options, (id) =>
    graderErrorsOnly.push(id),
  );
  const known = [...graders].sort();
  if (options.grader !== undefined && !graders.has(options.grader)) {
    throw new AssayError(
      'GRADER_NOT_IN_RUN',
      `Run ${runId} has no grader '${options.grader}'${didYouMean(options.grader, known) || '.'}`,
      {
        hint: known.length > 0 ? `The run's graders: ${known.join(', ')}.` : 'No trial of this run has a score yet.',
      },
    );
  }
  const incoming: Case[] = [];
  const missingCases: string[] = [];
  for (const p of promotions) {
    const c = await store.datasets.getCase(run.datasetVersion, p.caseId);
    if (c) incoming.push(toRegressionCase(c, runId, p));
    else missingCases.push(p.caseId);
  }
  const pii = emptyPiiCounts();
  const ready = options.redactPii ? incoming.map((c) => redactCase(c, pii)) : incoming;
  const existing = await readRegressionCases(options.to);
  const merged = mergeRegressionCases(existing, ready, options.nearDuplicateThreshold ?? 0.8);
  await appendRegressionCases(options.to, merged.added);
  return {
    runId,
    to: options.to,
    selected: promotions.length,
    added: merged.added.map((c) => c.id),
    skipped: merged.skipped,
    missingCases,
    graders: known,
    graderErrorsOnly,
    redacted: { enabled: options.redactPii ?? false, ...pii, total: totalPii(pii) },
  };
}
