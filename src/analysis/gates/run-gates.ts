import { AssayError } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import type { StoredRun } from '../../store/types.js';
import { readCaseTable, type CaseTable } from '../compare/case-table.js';
import { graderKind } from '../compare/compare-runs.js';
import { matchCases, pairScores, restrictShared, sideEstimates } from '../compare/pair-grader.js';
import { COMPARISON_SIDEDNESS, noRegressionGate, nonInferiorityGate } from './comparison-gates.js';
import { measureGrader, measureRun, rowsIn, type GraderMetrics } from './run-metrics.js';
import type { RateLowerBound } from '../metrics/rate-interval.js';
import { evaluateAsrGate } from './asr-gates.js';
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
  if (!run)
    throw new AssayError('RUN_NOT_FOUND', `No run '${options.runId}' in the store at ${store.location}.`, {
      hint: 'List runs with `assay runs`.',
    });
  const table = await readCaseTable(store, options.runId);
  let baseConfig: StoredRun['config'] = {};
  const needsBaseline = options.gates.filter(
    (g) => g.condition.kind === 'noRegression' || g.condition.kind === 'nonInferiority',
  );
  let baseline: CaseTable | undefined;
  if (options.baselineRunId !== undefined) {
    const baseRun = await store.runs.get(options.baselineRunId);
    if (!baseRun) {
      throw new AssayError(
        'RUN_NOT_FOUND',
        `No baseline run '${options.baselineRunId}' in the store at ${store.location}.`,
        { hint: 'List runs with `assay runs`.' },
      );
    }
    baseConfig = baseRun.config;
    baseline = await readCaseTable(store, options.baselineRunId);
  } else if (needsBaseline.length > 0 && options.onMissingBaseline !== 'skip') {
    throw new AssayError(
      'GATE_NEEDS_BASELINE',
      `${needsBaseline[0].where} (${needsBaseline[0].label}) compares against a baseline, but none was given.`,
      {
        hint: 'Pass --baseline <runId|latest|name> (set a name with `assay baseline set main <runId>`).',
      },
    );
  }
  return gatesOnTables(table, baseline, options, [baseConfig, run.config]);
}

/**
 * The pure part of {@link runGates}: the rules evaluated on the run's case table (and the
 * baseline's, with both runs' configs). Comparison rules without a baseline are skipped.
 */
export function gatesOnTables(
  table: CaseTable,
  baseline: CaseTable | undefined,
  options: RunGatesOptions,
  configs: readonly StoredRun['config'][] = [{}, {}],
): GateReport {
  const sides: Sides = { table, baseline, configs };
  const results = options.gates.map((rule) =>
    baseline === undefined && isComparison(rule) ? skippedResult(rule) : evaluate(rule, sides, options),
  );
  return {
    passed: results.every((r) => r.passed),
    runId: options.runId,
    baselineRunId: options.baselineRunId ?? null,
    results,
  };
}

function isComparison(rule: GateRule): boolean {
  return rule.condition.kind === 'noRegression' || rule.condition.kind === 'nonInferiority';
}

interface Sides {
  readonly table: CaseTable;
  readonly baseline: CaseTable | undefined;
  readonly configs: readonly StoredRun['config'][];
}

function evaluate(rule: GateRule, { table, baseline, configs }: Sides, options: RunGatesOptions): GateResult {
  const c = rule.condition;
  const base = {
    rule: c.kind,
    label: rule.label,
    grader: rule.grader ?? null,
    ...(rule.segment && { segment: rule.segment }),
    where: rule.where,
  };
  const known = rule.grader === undefined || table.graders.some((g) => g.name === rule.grader);
  if (!known && table.trials > 0 && table.targetErrors === table.trials) {
    // Every trial errored, so no grader left a score: the bar is missed, not mistyped.
    const detail = `no usable scores: all ${table.trials} trial(s) of run ${options.runId} errored`;
    return { ...base, passed: false, notComparable: true, actual: null, threshold: thresholdOf(c), detail };
  }
  if (!known) {
    throw new AssayError(
      'GATE_UNKNOWN_GRADER',
      `${rule.where}: grader '${rule.grader}' has no scores in run ${options.runId}.`,
      {
        hint: `Graders in this run: ${table.graders.map((g) => g.name).join(', ') || 'none'}.`,
      },
    );
  }
  if (rule.segment && rowsIn(table, rule.segment).length === 0) {
    throw new AssayError(
      'GATE_EMPTY_SEGMENT',
      `${rule.where}: no case of run ${options.runId} has ${rule.segment.field}=${rule.segment.value}.`,
      {
        hint: 'Check the segment field and value against the dataset (slice, or a metadata field).',
      },
    );
  }
  if (rule.metric === 'asr') return evaluateAsrGate(rule, table, options.alpha ?? 0.05, base);
  if (rule.metric !== undefined)
    return evaluatePassAtKGate(rule, table, baseline, options.alpha ?? 0.05, options.seed ?? 1, base);
  const where = rule.segment ? ` on ${rule.segment.field}=${rule.segment.value}` : '';
  switch (c.kind) {
    case 'minValue':
    case 'minValueLower':
    case 'maxValue':
    case 'maxUpper':
      throw new Error(`${rule.where}: ${c.kind} needs a metric`);
    case 'minPassRate':
    case 'minPassRateLower': {
      const m = measureGrader(table, rule.grader!, rule.segment, options.alpha ?? 0.05);
      const b = m.passRateBound;
      const actual = c.kind === 'minPassRate' ? m.passRate.value : b.lower;
      const clears = Number.isFinite(actual) && actual >= c.threshold;
      const errors = errorNote(m, errorsAccepted(rule, options.gates));
      const passed = clears && !errors.blocks;
      const measured =
        c.kind === 'minPassRate'
          ? `pass rate${where} is ${fmt(actual)} over ${m.n} cases`
          : `pass rate${where} is ${fmt(m.passRate.value)} over ${m.n} cases, lower bound ${fmt(b.lower)} (${boundName(b)})`;
      const detail = `${measured} (bar ${fmt(c.threshold)})${errors.text}`;
      const bound =
        c.kind === 'minPassRateLower'
          ? { bound: { lower: b.lower, confidence: b.confidence, method: b.method, n: b.n } }
          : {};
      return {
        ...base,
        ...bound,
        ...(c.kind === 'minPassRateLower' && { sidedness: 'one-sided' as const }),
        passed,
        actual: finite(actual),
        threshold: c.threshold,
        detail,
      };
    }
    case 'maxErrorRate': {
      if (rule.grader) {
        const m = measureGrader(table, rule.grader, rule.segment);
        const passed = Number.isFinite(m.errorRate) && m.errorRate <= c.threshold;
        const split = `${m.graderErrors} grader error(s), ${m.targetErrors} target error(s) in ${m.trials} trials`;
        return {
          ...base,
          passed,
          actual: finite(m.errorRate),
          threshold: c.threshold,
          detail: `error rate${where} is ${fmt(m.errorRate)}: ${split} (limit ${fmt(c.threshold)})`,
        };
      }
      const r = measureRun(table, rule.segment);
      const passed = Number.isFinite(r.errorRate) && r.errorRate <= c.threshold;
      const split = `${r.erroredTrials} of ${r.trials} trials errored (${r.targetErrors} at the target, ${r.graderErrors} grader error score(s))`;
      return {
        ...base,
        passed,
        actual: finite(r.errorRate),
        threshold: c.threshold,
        detail: `error rate${where} is ${fmt(r.errorRate)}: ${split} (limit ${fmt(c.threshold)})`,
      };
    }
    case 'maxLatencyP95Ms': {
      const p95 = measureRun(table, rule.segment).latencyP95Ms;
      const passed = p95 !== null && p95 <= c.threshold;
      return {
        ...base,
        passed,
        actual: p95,
        threshold: c.threshold,
        detail: `latency p95${where} is ${p95 === null ? 'unknown' : `${Math.round(p95)} ms`} (limit ${c.threshold} ms)`,
      };
    }
    case 'maxCostUsd': {
      const m = measureRun(table, rule.segment);
      const unknownCount = m.unknownCostTrials + m.unknownJudgeCalls;
      const passed = m.costUsd !== null && m.costUsd <= c.threshold && unknownCount === 0;
      const unknown =
        unknownCount > 0
          ? `; ${m.unknownCostTrials} trial(s) and ${m.unknownJudgeCalls} judge call(s) have an unknown cost, so the total cannot be checked`
          : '';
      return {
        ...base,
        passed,
        actual: m.costUsd,
        threshold: c.threshold,
        detail: `cost${where} is ${m.costUsd === null ? 'unknown' : `$${m.costUsd.toFixed(4)}`} (limit $${c.threshold})${unknown}`,
      };
    }
    case 'noRegression': {
      const pairs = pairFor(rule, baseline!, table, configs, options.alpha ?? 0.05);
      const r = noRegressionGate(pairs, c.alpha, options.seed ?? 1);
      const side = { sidedness: COMPARISON_SIDEDNESS, test: r.test };
      if (r.notComparable) return notComparableResult(base, side, c.alpha, notComparableText(r.n, where, pairs));
      const outcome = r.passed ? 'no significant regression' : `significant regression at α = ${c.alpha}`;
      return {
        ...base,
        ...side,
        passed: r.passed,
        actual: finite(r.pValue),
        threshold: c.alpha,
        detail: `Δ${where} = ${pts(r.delta)} over ${r.n} paired cases, one-sided p ${fmtP(r.pValue)} for a drop (${r.test}); ${outcome}`,
      };
    }
    case 'nonInferiority': {
      const pairs = pairFor(rule, baseline!, table, configs, options.alpha ?? 0.05);
      const r = nonInferiorityGate(pairs, c.margin, c.alpha);
      const side = { sidedness: COMPARISON_SIDEDNESS, test: r.test };
      if (r.notComparable) return notComparableResult(base, side, -c.margin, notComparableText(r.n, where, pairs));
      const outcome = r.passed ? `(non-inferior at α = ${c.alpha})` : `(not shown non-inferior at α = ${c.alpha})`;
      const bar = `−${(c.margin * 100).toFixed(1)} pts`;
      return {
        ...base,
        ...side,
        passed: r.passed,
        actual: finite(r.delta),
        threshold: -c.margin,
        detail: `Δ${where} = ${pts(r.delta)} over ${r.n} paired cases; one-sided p ${fmtP(r.pValue)} for Δ > ${bar} (${r.test}) ${outcome}`,
      };
    }
  }
}

function notComparableResult(
  base: Omit<GateResult, 'passed' | 'detail' | 'actual' | 'threshold'>,
  side: Partial<GateResult>,
  threshold: number,
  detail: string,
): GateResult {
  return { ...base, ...side, passed: false, notComparable: true, actual: null, threshold, detail };
}

function notComparableText(n: number, where: string, pairs: { errored: number; pending: number }): string {
  const out = pairs.errored + pairs.pending;
  const left = out > 0 ? ` (${pairs.errored} left out with errored scores, ${pairs.pending} pending)` : '';
  return `not comparable: only ${n} paired case(s)${where}${left}; at least 2 are needed, so the rule fails`;
}

function thresholdOf(c: GateRule['condition']): number {
  return c.kind === 'nonInferiority' ? -c.margin : c.kind === 'noRegression' ? c.alpha : c.threshold;
}

/** One grader's paired per-case values for a comparison rule (optionally one segment's), by the compare logic. */
function pairFor(
  rule: GateRule,
  baseline: CaseTable,
  table: CaseTable,
  configs: readonly StoredRun['config'][],
  alpha: number,
) {
  const name = rule.grader!;
  const gb = baseline.graders.find((g) => g.name === name);
  const gc = table.graders.find((g) => g.name === name)!;
  const matched = matchCases(baseline, table).shared;
  const shared = rule.segment ? restrictShared(matched, new Set(rowsIn(table, rule.segment))) : matched;
  const pair = { name, baseline: gb ?? gc, candidate: gc };
  const kind = gb ? graderKind(pair, ...configs) : 'binary';
  const singleBinary = kind === 'binary' && baseline.maxRepeats <= 1 && table.maxRepeats <= 1;
  const p = gb
    ? pairScores(shared, pair, kind)
    : { baseline: [], candidate: [], cases: [], baselineCases: [], errored: 0, pending: 0 };
  return {
    kind,
    singleBinary,
    errored: p.errored,
    pending: p.pending,
    paired: p.baseline.map((x, k) => ({ baseline: x, candidate: p.candidate[k] })),
    sides: sideEstimates(baseline, table, name, kind, p.baselineCases, p.cases, alpha),
  };
}

/** Whether a maxErrorRate rule covers the errors of this rule's grader (the same grader, or every trial). */
function errorsAccepted(rule: GateRule, gates: readonly GateRule[]): boolean {
  return gates.some((g) => g.condition.kind === 'maxErrorRate' && (g.grader === undefined || g.grader === rule.grader));
}

/**
 * Grader errors are never silently left out of a bar: a pass-rate rule over a grader with
 * error scores fails unless a maxErrorRate rule states how many errors are acceptable.
 */
function errorNote(m: GraderMetrics, accepted: boolean): { text: string; blocks: boolean } {
  if (m.graderErrors === 0 && m.targetErrors === 0) return { text: '', blocks: false };
  const counts = `${m.graderErrors} grader error(s) and ${m.targetErrors} target error(s) of ${m.trials} trials are not in it`;
  if (m.graderErrors === 0 || accepted) return { text: `; ${counts}`, blocks: false };
  return { text: `; ${counts}, and no maxErrorRate rule accepts the grader errors`, blocks: true };
}

function skippedResult(rule: GateRule): GateResult {
  const threshold = isComparison(rule) ? thresholdOf(rule.condition) : 0;
  return {
    rule: rule.condition.kind,
    label: rule.label,
    grader: rule.grader ?? null,
    ...(rule.segment && { segment: rule.segment }),
    where: rule.where,
    passed: true,
    skipped: true,
    actual: null,
    threshold,
    detail: 'skipped: no baseline to compare against (pass --baseline)',
  };
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a';
}

/** The bound's method in words: `exact one-sided 97.5%`, or on the effective n with repeats or weights. */
function boundName(b: RateLowerBound): string {
  const level = `${+(b.confidence * 100).toFixed(2)}%`;
  if (b.method === 'clopper-pearson') return `exact one-sided ${level}`;
  if (b.method === 'clopper-pearson-neff') return `exact one-sided ${level} on effective n ${b.n.toFixed(1)}`;
  return 'no graded case';
}

function pts(x: number): string {
  return Number.isFinite(x) ? `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)} pts` : 'n/a';
}

function fmtP(p: number): string {
  return Number.isFinite(p) ? (p < 0.0001 ? '< 0.0001' : `= ${p.toFixed(4)}`) : 'n/a';
}
