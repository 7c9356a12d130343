import { AssayError } from '../core/errors.js';
import { isProvenanceField } from '../core/provenance.js';
import type { Store } from '../store/store.js';
import type { TrialColumnsBuilder } from '../store/trial-columns-builder.js';
import type { StoredRun } from '../store/types.js';
import type { ScoreColumns } from './metrics/case-fold.js';
import { allCases, measureGraderOn, segmentValueOf } from './metrics/measure.js';
import { measureRunOn } from './metrics/run-measure.js';
import { readCountedFold, storeRunSummary, type CountedFold } from './store-run-summary.js';
import { registerPassAtKMetrics } from './metrics/pass-at-k-metric.js';
import { pairwiseOfRun } from './pairwise-tally.js';
import { computeMetrics } from './metrics/registry.js';
import { summarizeAttacks } from './redteam-summary.js';
import {
  currentSummary,
  SUMMARY_VERSION,
  type GraderSummary,
  type RunSummary,
  type SegmentSummary,
} from './summary-types.js';

export interface SummarizeOptions {
  readonly alpha?: number;
  /** Metadata fields with more distinct values than this are not segmented (ids, free text). */
  readonly maxSegmentValues?: number;
}

/**
 * Summarises a stored run from the one per-case fold: per grader, the pass rate and mean
 * score with their intervals (docs/metrics.md), errors, pending reviews and the MDE; the same
 * per slice and per metadata value; latency, tokens and cost.
 */
export async function summarizeRun(store: Store, runId: string, options: SummarizeOptions = {}): Promise<RunSummary> {
  return (await summarizeCounted(store, await getRun(store, runId), options)).summary;
}

/**
 * Summarises a stored run and stores the summary with its fold (store-run-summary.ts): what
 * the runner, an import, a saved review and `refreshRunSummaries` do when a run's trials or
 * reviews change. `written`: the run's trials as this process wrote them (see `readFold`).
 */
export async function refreshRunSummary(
  store: Store,
  runId: string,
  options: { readonly written?: TrialColumnsBuilder } = {},
): Promise<RunSummary> {
  const run = await getRun(store, runId);
  const { summary, counted } = await summarizeCounted(store, run, {}, options.written);
  await storeRunSummary(store, run, summary, counted);
  return summary;
}

async function getRun(store: Store, runId: string): Promise<StoredRun> {
  const run = await store.runs.get(runId);
  if (!run) {
    throw new AssayError('RUN_NOT_FOUND', `No run '${runId}' in ${store.location}.`, {
      hint: 'List runs with `assay runs`.',
    });
  }
  return run;
}

async function summarizeCounted(
  store: Store,
  run: StoredRun,
  options: SummarizeOptions,
  written?: TrialColumnsBuilder,
): Promise<{ summary: RunSummary; counted: CountedFold }> {
  const counted = await readCountedFold(store, run, { written });
  const summary = await withPairwise(store, run, summarizeFold(run, counted.fold, options), options.alpha);
  return { summary, counted };
}

/** Adds the pairwise judges' position consistency (and a warning for each unreliable one) to a summary. */
async function withPairwise(store: Store, run: StoredRun, summary: RunSummary, alpha = 0.05): Promise<RunSummary> {
  const { pairwise, warnings } = await pairwiseOfRun(store, run, alpha);
  if (pairwise.length === 0) return summary;
  return { ...summary, pairwise, warnings: [...summary.warnings, ...warnings] };
}

/**
 * The run's stored summary when this version of the metrics made it; otherwise a fresh one,
 * stored back for finished runs so every view shows the same numbers from then on.
 */
export async function readRunSummary(store: Store, run: StoredRun): Promise<RunSummary> {
  const cached = currentSummary(run);
  if (cached) return cached;
  const { summary, counted } = await summarizeCounted(store, run, {});
  if (run.status !== 'running') await storeRunSummary(store, run, summary, counted);
  return summary;
}

type RunInfo = Pick<
  StoredRun,
  'runId' | 'status' | 'eval' | 'datasetVersion' | 'target' | 'startedAt' | 'finishedAt' | 'config' | 'plannedTrials'
> &
  Partial<Pick<StoredRun, 'cached'>>;

/** The pure part of {@link summarizeRun}: a run record and its fold in, the summary out. */
export function summarizeFold(run: RunInfo, fold: ScoreColumns, options: SummarizeOptions = {}): RunSummary {
  const alpha = options.alpha ?? 0.05;
  const maxValues = options.maxSegmentValues ?? 50;
  const configured = ((run.config.graders as { name: string }[] | undefined) ?? []).map((g) => g.name);
  const graderNames = [...new Set([...configured, ...fold.graders.map((g) => g.name)])];
  const cases = allCases(fold);
  registerPassAtKMetrics(run.config);
  const graders = graderNames.map((name) => graderSummary(fold, name, cases, alpha, run.config));
  const { segments, skippedFields } = summarizeSegments(fold, graderNames, cases, alpha, maxValues);
  const r = measureRunOn(fold, cases);
  const graderErrors = graders.reduce((s, g) => s + g.graderErrors, 0);
  const redteam = summarizeAttacks(fold, graderNames, alpha);
  return {
    summaryVersion: SUMMARY_VERSION,
    runId: run.runId,
    status: run.status,
    eval: run.eval,
    datasetVersion: run.datasetVersion,
    target: run.target,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    repeats: Math.max(1, Number(run.config.repeats ?? fold.maxRepeats) || 1),
    counts: {
      cases: fold.caseIds.length,
      trials: fold.trials,
      errors: fold.targetErrors,
      graderErrors,
      plannedTrials: run.plannedTrials,
      cached: run.cached ?? 0,
    },
    graders,
    segments,
    latencyMs: r.latencyMs,
    tokens: r.tokens,
    cost: r.cost,
    metrics: computeMetrics({ fold, cases, alpha }, 'run'),
    ...(redteam && { redteam }),
    warnings: warningsOf(fold, graders, skippedFields, maxValues, r.cost, run.cached ?? 0),
  };
}

function graderSummary(
  fold: ScoreColumns,
  name: string,
  cases: readonly number[],
  alpha: number,
  config: StoredRun['config'],
): GraderSummary {
  const m = measureGraderOn(fold, name, cases, alpha);
  return {
    name,
    passRate: pick(m.passRate),
    mean: m.mean,
    n: m.n,
    errors: m.errors,
    graderErrors: m.graderErrors,
    targetErrors: m.targetErrors,
    errorRate: m.errorRate,
    trials: m.trials,
    graded: m.graded,
    pending: m.pending,
    nEff: m.nEff,
    weighted: m.weighted,
    mde: m.mde,
    mdeMethod: m.mdeMethod,
    intervalMethod: m.passRate.method,
    metrics: computeMetrics({ fold, cases, grader: name, alpha, config }, 'grader'),
  };
}

function warningsOf(
  fold: ScoreColumns,
  graders: readonly GraderSummary[],
  skippedFields: readonly string[],
  maxValues: number,
  cost: RunSummary['cost'],
  cached: number,
): string[] {
  const warnings: string[] = [];
  if (cached > 0)
    warnings.push(`${cached} of ${fold.trials - fold.targetErrors} outputs from cache; --no-cache to call the target.`);
  const t = fold.targetErrors;
  if (t > 0)
    warnings.push(
      `${t} trial${t > 1 ? 's' : ''} errored at the target and are excluded from pass rates (counted under errors).`,
    );
  for (const g of graders) {
    if (g.graderErrors === 0) continue;
    const share = pct(g.graderErrors / g.trials);
    const scores = `score${g.trials > 1 ? 's' : ''}`;
    warnings.push(
      `${g.name}: ${g.graderErrors} of ${g.trials} ${scores} are grader errors (${share}); the pass rate is over the ` +
        `${g.graded} graded ones, and gates on '${g.name}' fail unless a maxErrorRate rule accepts them.`,
    );
  }
  for (const g of graders)
    if (g.pending > 0)
      warnings.push(`${g.name}: ${g.pending} score${g.pending > 1 ? 's' : ''} await human review (assay review).`);
  for (const f of skippedFields)
    warnings.push(`metadata field '${f}' has more than ${maxValues} values and is not segmented.`);
  if (graders.some((g) => g.weighted))
    warnings.push(
      'cases carry unequal weights: estimates are weighted, intervals use the effective sample size (nEff).',
    );
  if (cost.unknownJudgeCalls > 0)
    warnings.push(`${cost.unknownJudgeCalls} judge call(s) have an unknown price: the cost shown is a lower bound.`);
  return warnings;
}

function summarizeSegments(
  fold: ScoreColumns,
  graderNames: readonly string[],
  cases: readonly number[],
  alpha: number,
  maxValues: number,
) {
  const segments: SegmentSummary[] = [];
  const skippedFields: string[] = [];
  // One field's groups at a time: a million cases are grouped once per field, not held for all
  // fields at once, and a field with too many values is dropped as soon as it has them.
  for (const field of segmentFields(fold)) {
    // Counted first, then each value's cases listed in an array of its final size: lists grown
    // by push leave their outgrown copies (large objects, which only a full collection frees)
    // behind, ~2× the lists themselves on a million cases.
    const counts = new Map<string, number>();
    for (let i = 0; i < fold.caseIds.length; i++) {
      const value = ownSegmentValue(fold, i, field);
      if (value === undefined) continue;
      counts.set(value, (counts.get(value) ?? 0) + 1);
      if (field !== 'slice' && counts.size > maxValues) break;
    }
    if (field !== 'slice' && counts.size > maxValues) {
      skippedFields.push(field);
      continue;
    }
    const byValue = new Map<string, readonly number[]>();
    if (counts.size === 1 && counts.values().next().value === fold.caseIds.length) {
      // One value on every case (`slice=typical` on most runs): its cases are all the cases, the
      // same list the graders' figures were measured on, so their estimates are reused, not redone.
      byValue.set(counts.keys().next().value as string, cases);
    } else fillSegmentCases(fold, field, counts, byValue);
    const values = [...byValue.keys()].sort();
    for (const grader of graderNames) {
      for (const value of values) {
        const m = measureGraderOn(fold, grader, byValue.get(value)!, alpha);
        // A segment with nothing graded and no real error (only missing or pending scores) has nothing to show.
        if (m.n === 0 && m.graderErrors + m.targetErrors === 0) continue;
        segments.push({
          field,
          value,
          grader,
          n: m.n,
          passRate: pick(m.passRate),
          mean: m.mean,
          errors: m.errors,
          pending: m.pending,
          mde: m.mde,
          mdeMethod: m.mdeMethod,
        });
      }
    }
  }
  return { segments, skippedFields };
}

/** Lists each value's cases, in case order, in an array of its final size (`counts`). */
function fillSegmentCases(
  fold: ScoreColumns,
  field: string,
  counts: ReadonlyMap<string, number>,
  byValue: Map<string, readonly number[]>,
): void {
  const lists = new Map<string, number[]>();
  const filled = new Map<string, number>();
  for (const [value, count] of counts) {
    lists.set(value, new Array<number>(count));
    filled.set(value, 0);
  }
  for (let i = 0; i < fold.caseIds.length; i++) {
    const value = ownSegmentValue(fold, i, field);
    if (value === undefined) continue;
    const at = filled.get(value)!;
    lists.get(value)![at] = i;
    filled.set(value, at + 1);
  }
  for (const [value, list] of lists) byValue.set(value, list);
}

/** Case i's value of a segment field; a case's own fields only (`constructor` must not read as Object's). */
function ownSegmentValue(fold: ScoreColumns, i: number, field: string): string | undefined {
  const own = field === 'slice' || Object.hasOwn(fold.metadata[i], field);
  return own ? segmentValueOf(fold, i, field) : undefined;
}

/** The segment fields (`slice`, then metadata fields but provenance), in the order a case first has a value for each. */
function segmentFields(fold: ScoreColumns): string[] {
  const found = new Set<string>();
  // Cases read from a store share metadata objects (each distinct one is parsed once): list their fields once.
  const fieldsOf = new Map<object, string[]>();
  for (let i = 0; i < fold.caseIds.length; i++) {
    const metadata = fold.metadata[i];
    // The previous case's metadata again: its fields were looked at, and `slice` has a value.
    if (i > 0 && metadata === fold.metadata[i - 1] && found.has('slice')) continue;
    let fields = fieldsOf.get(metadata);
    if (!fields) {
      fields = ['slice', ...Object.keys(metadata).filter((f) => !isProvenanceField(f))];
      // Unshared metadata (folds made in memory) would only fill the map: keep it small.
      if (fieldsOf.size < 1024) fieldsOf.set(metadata, fields);
    }
    for (const field of fields) if (!found.has(field) && segmentValueOf(fold, i, field) !== undefined) found.add(field);
  }
  return [...found];
}

function pick(e: { value: number; lower: number; upper: number }) {
  return { value: e.value, lower: e.lower, upper: e.upper };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
