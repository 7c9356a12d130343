import { AssayError } from '../core/errors.js';
import { mean, minimumDetectableEffect, quantileSorted } from '../stats/index.js';
import type { Store } from '../store/store.js';
import { loadDoneReviews, tallyTrial, type CaseRecord } from './case-scores.js';
import { estimateGroup } from './estimate.js';
import type { GraderSummary, RunSummary, SegmentSummary } from './summary-types.js';

export interface SummarizeOptions {
  readonly alpha?: number;
  /** Metadata fields with more distinct values than this are not segmented (ids, free text). */
  readonly maxSegmentValues?: number;
}

/**
 * Summarises a stored run: per grader, the pass rate (Wilson) and mean score (t) with the case
 * as the unit; the same per slice and per metadata value; latency, tokens, cost and errors.
 * Streams the trials, keeping one small record per case.
 */
export async function summarizeRun(store: Store, runId: string, options: SummarizeOptions = {}): Promise<RunSummary> {
  const alpha = options.alpha ?? 0.05;
  const maxValues = options.maxSegmentValues ?? 50;
  const run = await store.runs.get(runId);
  if (!run) {
    throw new AssayError('RUN_NOT_FOUND', `No run '${runId}' in ${store.location}.`, { hint: 'List runs with `assay runs`.' });
  }
  const configured = ((run.config.graders as { name: string }[] | undefined) ?? []).map((g) => g.name);
  const graderNames = [...configured];
  const reviews = await loadDoneReviews(store, runId);
  const records = new Map<string, CaseRecord>();
  const latencies: number[] = [];
  let inputTokens = 0;
  let outputTokens = 0;
  let costUsd = 0;
  let costKnown = 0;
  let costUnknown = 0;
  let judgeUsd = 0;
  let judgeCosts = 0;
  let judgeTokens = 0;
  let trials = 0;
  let targetErrors = 0;
  let maxRepeat = 0;
  for await (const trial of store.trials.iterate(runId, { withOutput: false })) {
    trials++;
    maxRepeat = Math.max(maxRepeat, trial.repeat + 1);
    for (const s of trial.scores) {
      if (!graderNames.includes(s.grader)) graderNames.push(s.grader);
      const judge = s.meta?.judge as { costUsd?: unknown; usage?: { totalTokens?: unknown } } | undefined;
      if (typeof judge?.costUsd === 'number') {
        judgeUsd += judge.costUsd;
        judgeCosts++;
      }
      if (typeof judge?.usage?.totalTokens === 'number') judgeTokens += judge.usage.totalTokens;
    }
    let record = records.get(trial.caseId);
    if (!record) {
      record = { caseId: trial.caseId, slice: trial.slice, metadata: trial.metadata, weight: trial.weight, grades: new Map(), trials: 0, targetErrors: 0 };
      records.set(trial.caseId, record);
    }
    tallyTrial(record, trial, graderNames, reviews);
    if (trial.error !== null) {
      targetErrors++;
      continue;
    }
    latencies.push(trial.latencyMs);
    const usage = trial.output?.usage;
    inputTokens += usage?.inputTokens ?? 0;
    outputTokens += usage?.outputTokens ?? 0;
    const cost = trial.output?.costUsd;
    if (typeof cost === 'number') {
      costUsd += cost;
      costKnown++;
    } else costUnknown++;
  }
  const all = [...records.values()];
  const graders: GraderSummary[] = graderNames.map((name) => {
    const e = estimateGroup(all, name, alpha);
    return {
      name, passRate: e.passRate, mean: e.mean, n: e.n, errors: e.errors, pending: e.pending, nEff: e.nEff, weighted: e.weighted,
      mde: detectableChange(e.passRate.value, e.nEff, alpha),
    };
  });
  const { segments, skippedFields } = summarizeSegments(all, graderNames, alpha, maxValues);
  const warnings: string[] = [];
  if (targetErrors > 0) warnings.push(`${targetErrors} trial${targetErrors > 1 ? 's' : ''} errored and are excluded from pass rates (counted under errors).`);
  for (const g of graders) if (g.pending > 0) warnings.push(`${g.name}: ${g.pending} score${g.pending > 1 ? 's' : ''} await human review (assay review).`);
  for (const f of skippedFields) warnings.push(`metadata field '${f}' has more than ${maxValues} values and is not segmented.`);
  const outputs = trials - targetErrors;
  if (run.cached > 0) warnings.push(`${run.cached} of ${outputs} outputs from cache; --no-cache to call the target.`);
  if (graders.some((g) => g.weighted)) warnings.push('cases carry unequal weights: estimates are weighted, intervals use the effective sample size (nEff).');
  const sorted = Float64Array.from(latencies).sort();
  return {
    runId: run.runId,
    status: run.status,
    eval: run.eval,
    datasetVersion: run.datasetVersion,
    target: run.target,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    repeats: Math.max(1, Number(run.config.repeats ?? maxRepeat) || 1),
    counts: { cases: records.size, trials, errors: targetErrors, plannedTrials: run.plannedTrials, cached: run.cached },
    graders,
    segments,
    latencyMs: {
      p50: sorted.length ? quantileSorted(sorted, 0.5) : null,
      p95: sorted.length ? quantileSorted(sorted, 0.95) : null,
      mean: sorted.length ? mean(sorted) : null,
    },
    tokens: { input: inputTokens, output: outputTokens, total: inputTokens + outputTokens, judge: judgeTokens },
    cost: {
      usd: costKnown + judgeCosts > 0 ? costUsd + judgeUsd : null,
      unknownTrials: costUnknown,
      targetUsd: costKnown > 0 ? costUsd : null,
      judgeUsd: judgeCosts > 0 ? judgeUsd : null,
    },
    warnings,
  };
}

/** See `GraderSummary.mde`; the variance is floored at one discordant case's worth (1/n). */
function detectableChange(rate: number, n: number, alpha: number): number {
  if (!(n >= 2) || !Number.isFinite(rate)) return Number.NaN;
  const omega2 = Math.max(2 * rate * (1 - rate), 1 / n);
  return minimumDetectableEffect({ omega2, n, alpha, power: 0.8 }).mde;
}

function summarizeSegments(records: readonly CaseRecord[], graderNames: readonly string[], alpha: number, maxValues: number) {
  const groups = new Map<string, Map<string, CaseRecord[]>>();
  const add = (field: string, value: string, r: CaseRecord) => {
    let byValue = groups.get(field);
    if (!byValue) groups.set(field, (byValue = new Map()));
    const list = byValue.get(value);
    if (list) list.push(r);
    else byValue.set(value, [r]);
  };
  for (const r of records) {
    add('slice', r.slice, r);
    for (const [field, value] of Object.entries(r.metadata)) if (value !== null) add(field, String(value), r);
  }
  const segments: SegmentSummary[] = [];
  const skippedFields: string[] = [];
  for (const [field, byValue] of groups) {
    if (field !== 'slice' && byValue.size > maxValues) {
      skippedFields.push(field);
      continue;
    }
    const values = [...byValue.keys()].sort();
    for (const grader of graderNames) {
      for (const value of values) {
        const e = estimateGroup(byValue.get(value)!, grader, alpha);
        if (e.n === 0 && e.errors === 0) continue;
        segments.push({ field, value, grader, n: e.n, passRate: e.passRate, mean: e.mean, errors: e.errors });
      }
    }
  }
  return { segments, skippedFields };
}
