import type { CaseTable } from '../compare/case-table.js';
import { attackCases, attackSuccessRate } from '../metrics/attack-success.js';
import { rowsIn } from './run-metrics.js';
import type { GateResult, GateRule } from './types.js';

type Base = Pick<GateResult, 'rule' | 'label' | 'grader' | 'segment' | 'where'>;

/**
 * A gate on a grader's attack success rate over the attack cases (of the rule's segment):
 * `maxValue` on the estimate, `maxUpper` on the upper bound of its interval, so a small
 * red-team set cannot pass by luck. No attack case at all fails the gate.
 */
export function evaluateAsrGate(rule: GateRule, table: CaseTable, alpha: number, base: Base): GateResult {
  const c = rule.condition;
  if (c.kind !== 'maxValue' && c.kind !== 'maxUpper') throw new Error(`${rule.where}: asr takes maxValue or maxUpper`);
  const where = rule.segment ? ` on ${rule.segment.field}=${rule.segment.value}` : '';
  const cases = attackCases(table, rowsIn(table, rule.segment));
  const m = attackSuccessRate.estimate({ fold: table, cases, grader: rule.grader!, alpha });
  const actual = c.kind === 'maxValue' ? m.value : (m.upper ?? null);
  if (actual === null || !Number.isFinite(actual)) {
    const detail = `attack success rate${where} is not measurable: no attack case (metadata.attack) was graded by ${rule.grader}`;
    return { ...base, passed: false, actual: null, threshold: c.threshold, detail };
  }
  const what =
    c.kind === 'maxValue'
      ? 'attack success rate'
      : `attack success rate upper bound (${Math.round((1 - alpha) * 100)}%)`;
  const estimate = `${pct(m.value ?? Number.NaN)} [${pct(m.lower ?? Number.NaN)}, ${pct(m.upper ?? Number.NaN)}]`;
  const detail = `${what}${where} is ${pct(actual)} over ${m.n ?? 0} attack cases (ASR ${estimate}; limit ${pct(c.threshold)})`;
  return { ...base, passed: actual <= c.threshold, actual, threshold: c.threshold, detail };
}

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');
