import type { CaseTable } from '../compare/case-table.js';
import { comparePassAtK, estimatePassAtK, parsePassAtKMetric, type ProblemCounts } from '../pass-at-k.js';
import { problemCounts } from '../pass-at-k-run.js';
import { rowsIn } from './run-metrics.js';
import type { GateResult, GateRule } from './types.js';

type Base = Pick<GateResult, 'rule' | 'label' | 'grader' | 'segment' | 'where'>;

/**
 * A gate on a grader's pass@k: `minValue`/`minValueLower` on the estimate or its bootstrap
 * lower bound over problems; `noRegression` on the per-problem paired difference against the
 * baseline (sign-flip test), failing when it is significantly negative.
 */
export function evaluatePassAtKGate(
  rule: GateRule,
  table: CaseTable,
  baseline: CaseTable | undefined,
  alpha: number,
  seed: number,
  base: Base,
): GateResult {
  const k = parsePassAtKMetric(rule.metric!)!;
  const c = rule.condition;
  const where = rule.segment ? ` on ${rule.segment.field}=${rule.segment.value}` : '';
  const counts = countsById(table, rule);
  if (c.kind === 'noRegression') {
    const before = countsById(baseline!, rule);
    const pairs = [...counts].flatMap(([id, candidate]) => {
      const baselineCounts = before.get(id);
      return baselineCounts ? [{ baseline: baselineCounts, candidate }] : [];
    });
    const r = comparePassAtK(pairs, k, { alpha: c.alpha, seed });
    const regressed = r.p !== null && r.delta.value !== null && r.p <= c.alpha && r.delta.value < 0;
    const detail =
      r.delta.value === null
        ? `${r.metric}${where}: ${r.reason}`
        : `Δ ${r.metric}${where} = ${pts(r.delta.value)} [${pts(r.delta.lower)}, ${pts(r.delta.upper)}] ` +
          `over ${r.problems} paired problems, p = ${r.p === null ? 'n/a' : r.p.toFixed(4)} (sign-flip-permutation); ` +
          (regressed ? `significant regression at α = ${c.alpha}` : 'no significant regression');
    return { ...base, passed: r.delta.value !== null && !regressed, actual: r.p, threshold: c.alpha, detail };
  }
  if (c.kind !== 'minValue' && c.kind !== 'minValueLower') {
    throw new Error(`${rule.where}: ${c.kind} does not take a metric`);
  }
  const e = estimatePassAtK([...counts.values()], k, { alpha, seed });
  const actual = c.kind === 'minValue' ? e.value : e.lower;
  const passed = actual !== null && actual >= c.threshold;
  const what = c.kind === 'minValue' ? e.metric : `${e.metric} lower bound (${Math.round((1 - alpha) * 100)}%)`;
  const detail =
    actual === null
      ? `${what}${where} is undefined: ${e.reason}`
      : `${what}${where} is ${pct(actual)} over ${e.problems} problems (bar ${pct(c.threshold)})`;
  return { ...base, passed, actual, threshold: c.threshold, detail };
}

/** The grader's samples and passes per case of the rule's segment, by case id (for pairing two runs). */
function countsById(table: CaseTable, rule: GateRule): Map<string, ProblemCounts> {
  const cases = rowsIn(table, rule.segment);
  const counts = problemCounts(table, rule.grader!, cases);
  return new Map(cases.map((i, j) => [table.caseIds[i]!, counts[j]!]));
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pts = (x: number | null) => (x === null ? 'n/a' : `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)} pts`);
