import { pairedTTest } from '../../stats/index.js';
import { AssayError } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import { readCaseTable, type CaseTable } from '../compare/case-table.js';
import { comparePaired } from '../compare/compare-paired.js';
import { pairGrader } from '../compare/pair-grader.js';
import { measureGrader, measureRun, rowsIn } from './run-metrics.js';
import { evaluatePassAtKGate } from './pass-at-k-gates.js';
import type { GateReport, GateResult, GateRule } from './types.js';

export interface RunGatesOptions {
  readonly runId: string;
  /** Needed by `noRegression` and `nonInferiority` rules. */
  readonly baselineRunId?: string;
  readonly gates: readonly GateRule[];
  /** Level of the pass-rate intervals (`minPassRateLower`), default 0.05. */
  readonly alpha?: number;
  /** Seed of the permutation test behind `noRegression`, default 1. */
  readonly seed?: number;
  /**
   * What comparison rules do without a baseline: `error` (default) throws an input error;
   * `skip` reports them as skipped (not failed), e.g. for the first run of an eval.
   */
  readonly onMissingBaseline?: 'error' | 'skip';
}

/**
 * Evaluates the shipping bar on a stored run (and its baseline, for comparison rules).
 * Input problems (no baseline for a comparison rule, an unknown grader, an empty segment)
 * throw an `AssayError`; a rule that is measured and missed is a failed result.
 *
 * @example
 * const report = await runGates(store, { runId, baselineRunId, gates: parseGates(run.config.gates, 'eval') });
 * process.exitCode = report.passed ? 0 : 1;
 */
export async function runGates(store: Store, options: RunGatesOptions): Promise<GateReport> {
  const run = await store.runs.get(options.runId);
  if (!run) throw new AssayError('RUN_NOT_FOUND', `No run '${options.runId}' in the store at ${store.location}.`, { hint: 'List runs with `assay runs`.' });
  const table = await readCaseTable(store, options.runId);
  const needsBaseline = options.gates.filter((g) => g.condition.kind === 'noRegression' || g.condition.kind === 'nonInferiority');
  let baseline: CaseTable | undefined;
  if (options.baselineRunId !== undefined) {
    if (!(await store.runs.get(options.baselineRunId))) {
      throw new AssayError('RUN_NOT_FOUND', `No baseline run '${options.baselineRunId}' in the store at ${store.location}.`, { hint: 'List runs with `assay runs`.' });
    }
    baseline = await readCaseTable(store, options.baselineRunId);
  } else if (needsBaseline.length > 0 && options.onMissingBaseline !== 'skip') {
    throw new AssayError('GATE_NEEDS_BASELINE', `${needsBaseline[0].where} (${needsBaseline[0].label}) compares against a baseline, but none was given.`, {
      hint: 'Pass --baseline <runId|latest|name> (set a name with `assay baseline set main <runId>`).',
    });
  }
  const results = options.gates.map((rule) => (baseline === undefined && needsBaseline.includes(rule) ? skippedResult(rule) : evaluate(rule, table, baseline, options)));
  return { passed: results.every((r) => r.passed), runId: options.runId, baselineRunId: options.baselineRunId ?? null, results };
}

function evaluate(rule: GateRule, table: CaseTable, baseline: CaseTable | undefined, options: RunGatesOptions): GateResult {
  const c = rule.condition;
  const base = { rule: c.kind, label: rule.label, grader: rule.grader ?? null, ...(rule.segment && { segment: rule.segment }), where: rule.where };
  if (rule.grader !== undefined && !table.graders.includes(rule.grader)) {
    throw new AssayError('GATE_UNKNOWN_GRADER', `${rule.where}: grader '${rule.grader}' has no scores in run ${options.runId}.`, {
      hint: `Graders in this run: ${table.graders.join(', ') || 'none'}.`,
    });
  }
  if (rule.segment && rowsIn(table, rule.segment).length === 0) {
    throw new AssayError('GATE_EMPTY_SEGMENT', `${rule.where}: no case of run ${options.runId} has ${rule.segment.field}=${rule.segment.value}.`, {
      hint: 'Check the segment field and value against the dataset (slice, or a metadata field).',
    });
  }
  if (rule.metric !== undefined) return evaluatePassAtKGate(rule, table, baseline, options.alpha ?? 0.05, options.seed ?? 1, base);
  const where = rule.segment ? ` on ${rule.segment.field}=${rule.segment.value}` : '';
  switch (c.kind) {
    case 'minValue':
    case 'minValueLower':
      throw new Error(`${rule.where}: ${c.kind} needs a metric`);
    case 'minPassRate':
    case 'minPassRateLower': {
      const m = measureGrader(table, rule.grader!, rule.segment, options.alpha ?? 0.05);
      const actual = c.kind === 'minPassRate' ? m.passRate.value : m.passRate.lower;
      const passed = Number.isFinite(actual) && actual >= c.threshold;
      const what = c.kind === 'minPassRate' ? 'pass rate' : `pass rate lower bound (${Math.round((1 - (options.alpha ?? 0.05)) * 100)}%)`;
      return { ...base, passed, actual: finite(actual), threshold: c.threshold, detail: `${what}${where} is ${fmt(actual)} over ${m.n} cases (bar ${fmt(c.threshold)})` };
    }
    case 'maxErrorRate': {
      const rate = rule.grader ? measureGrader(table, rule.grader, rule.segment).errorRate : measureRun(table, rule.segment).errorRate;
      const passed = Number.isFinite(rate) && rate <= c.threshold;
      return { ...base, passed, actual: finite(rate), threshold: c.threshold, detail: `error rate${where} is ${fmt(rate)} (limit ${fmt(c.threshold)})` };
    }
    case 'maxLatencyP95Ms': {
      const p95 = measureRun(table, rule.segment).latencyP95Ms;
      const passed = p95 !== null && p95 <= c.threshold;
      return { ...base, passed, actual: p95, threshold: c.threshold, detail: `latency p95${where} is ${p95 === null ? 'unknown' : `${Math.round(p95)} ms`} (limit ${c.threshold} ms)` };
    }
    case 'maxCostUsd': {
      const m = measureRun(table, rule.segment);
      const passed = m.costUsd !== null && m.costUsd <= c.threshold && m.unknownCostTrials === 0;
      const unknown = m.unknownCostTrials > 0 ? `; ${m.unknownCostTrials} trial(s) have an unknown cost, so the total cannot be checked` : '';
      return { ...base, passed, actual: m.costUsd, threshold: c.threshold, detail: `cost${where} is ${m.costUsd === null ? 'unknown' : `$${m.costUsd.toFixed(4)}`} (limit $${c.threshold})${unknown}` };
    }
    case 'noRegression': {
      const pairs = pairGrader(baseline!, table, rule.grader!, rule.segment);
      const r = comparePaired(
        { baseline: pairs.paired.map((p) => p.baseline), candidate: pairs.paired.map((p) => p.candidate) },
        { kind: pairs.kind, singleBinary: pairs.singleBinary, alpha: c.alpha, power: 0.8, seed: options.seed ?? 1, bootstrapSamples: 2000 },
      );
      const passed = r.verdict !== 'regressed';
      return {
        ...base, passed, actual: finite(r.pValue), threshold: c.alpha,
        detail: `Δ${where} = ${pts(r.delta.value)} over ${pairs.paired.length} paired cases, p ${fmtP(r.pValue)} (${r.test}); ${passed ? 'no significant regression' : `significant regression at α = ${c.alpha}`}`,
      };
    }
    case 'nonInferiority': {
      const pairs = pairGrader(baseline!, table, rule.grader!, rule.segment);
      const a = pairs.paired.map((p) => p.baseline - c.margin);
      const b = pairs.paired.map((p) => p.candidate);
      // H0: Δ ≤ −margin against H1: Δ > −margin, as a one-sided paired t test on Δ + margin.
      const t = pairs.paired.length >= 2 ? pairedTTest(b, a, { alternative: 'greater', alpha: c.alpha }) : undefined;
      const p = t ? t.pvalue : Number.NaN;
      const delta = t ? t.meanDiff - c.margin : Number.NaN;
      const passed = Number.isFinite(p) && p <= c.alpha;
      return {
        ...base, passed, actual: finite(delta), threshold: -c.margin,
        detail: t
          ? `Δ${where} = ${pts(delta)} over ${pairs.paired.length} paired cases; one-sided p ${fmtP(p)} that it is above −${(c.margin * 100).toFixed(1)} pts ${passed ? `(non-inferior at α = ${c.alpha})` : `(not shown non-inferior at α = ${c.alpha})`}`
          : `only ${pairs.paired.length} paired case(s)${where}: non-inferiority cannot be shown`,
      };
    }
  }
}

function skippedResult(rule: GateRule): GateResult {
  const threshold = rule.condition.kind === 'nonInferiority' ? -rule.condition.margin : rule.condition.kind === 'noRegression' ? rule.condition.alpha : 0;
  return {
    rule: rule.condition.kind, label: rule.label, grader: rule.grader ?? null, ...(rule.segment && { segment: rule.segment }), where: rule.where,
    passed: true, skipped: true, actual: null, threshold, detail: 'skipped: no baseline to compare against (pass --baseline)',
  };
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a';
}

function pts(x: number): string {
  return Number.isFinite(x) ? `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)} pts` : 'n/a';
}

function fmtP(p: number): string {
  return Number.isFinite(p) ? (p < 0.0001 ? '< 0.0001' : `= ${p.toFixed(4)}`) : 'n/a';
}
