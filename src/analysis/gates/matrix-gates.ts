import { AssayError, type Issue } from '../../core/errors.js';
import { didYouMean } from '../../core/did-you-mean.js';
import type { MatrixComparison } from '../matrix/types.js';

/** A rule over a whole matrix (`matrix.gates` in the eval file). */
export interface MatrixGateRule {
  readonly grader: string;
  readonly condition: { readonly kind: 'bestBeatsBaseline'; readonly alpha: number };
  readonly where: string;
  readonly label: string;
}

export interface MatrixGateResult {
  readonly rule: 'bestBeatsBaseline';
  readonly label: string;
  readonly grader: string;
  readonly passed: boolean;
  /** One sentence: which candidate is best, against which baseline, by how much, and its corrected p. */
  readonly detail: string;
  /** The candidate with the highest estimate on the grader: the one the rule would ship. */
  readonly best: { readonly runId: string; readonly label: string } | null;
  readonly baseline: { readonly runId: string; readonly label: string };
  readonly delta: number | null;
  readonly pAdjusted: number | null;
  readonly correction: MatrixComparison['correction'];
  readonly alpha: number;
  readonly where: string;
}

export interface MatrixGateReport {
  readonly passed: boolean;
  readonly matrixId: string | null;
  readonly results: readonly MatrixGateResult[];
}

const RULE_KEYS = ['grader', 'bestBeatsBaseline'];

/**
 * Validates `matrix.gates`: every problem at once, as one `GATES_INVALID` error.
 *
 * @example
 * parseMatrixGates([{ grader: 'answers', bestBeatsBaseline: { alpha: 0.05 } }], 'qa.eval.yaml');
 */
export function parseMatrixGates(raw: unknown, where: string): MatrixGateRule[] {
  const issues: Issue[] = [];
  const rules: MatrixGateRule[] = [];
  if (raw === undefined || raw === null) return rules;
  if (!Array.isArray(raw)) {
    issues.push({ code: 'invalid_type', path: `${where}: matrix.gates`, message: 'must be a list of rules' });
  } else {
    raw.forEach((item, i) => {
      const path = `${where}: matrix.gates[${i}]`;
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        issues.push({
          code: 'invalid_type',
          path,
          message: 'must be { grader: …, bestBeatsBaseline: { alpha: 0.05 } }',
        });
        return;
      }
      const obj = item as Record<string, unknown>;
      for (const key of Object.keys(obj))
        if (!RULE_KEYS.includes(key))
          issues.push({
            code: 'unknown_field',
            path: `${path}.${key}`,
            message: `unknown key${didYouMean(key, RULE_KEYS)}; a matrix gate has grader and bestBeatsBaseline`,
          });
      if (typeof obj.grader !== 'string' || obj.grader === '')
        issues.push({ code: 'missing_field', path: `${path}.grader`, message: 'is required: the grader to judge by' });
      const cond = obj.bestBeatsBaseline;
      const alpha =
        cond === true
          ? 0.05
          : typeof cond === 'object' && cond !== null
            ? (cond as { alpha?: unknown }).alpha
            : undefined;
      if (cond === undefined)
        issues.push({
          code: 'missing_field',
          path: `${path}.bestBeatsBaseline`,
          message: 'is required: { alpha: 0.05 }',
        });
      else if (alpha !== undefined && !(typeof alpha === 'number' && alpha > 0 && alpha < 1))
        issues.push({
          code: 'invalid_value',
          path: `${path}.bestBeatsBaseline.alpha`,
          message: `must be between 0 and 1, got ${JSON.stringify(alpha)}`,
        });
      else if (typeof obj.grader === 'string') {
        const a = typeof alpha === 'number' ? alpha : 0.05;
        rules.push({
          grader: obj.grader,
          condition: { kind: 'bestBeatsBaseline', alpha: a },
          where: path,
          label: `${obj.grader} best candidate beats the baseline (α = ${a}, corrected)`,
        });
      }
    });
  }
  if (issues.length > 0)
    throw new AssayError('GATES_INVALID', `${where}: ${issues.length} problem(s) in matrix.gates.`, {
      issues,
      hint: 'Write e.g. `matrix: { gates: [{ grader: answers, bestBeatsBaseline: { alpha: 0.05 } }] }`.',
    });
  return rules;
}

/**
 * "Ship the best candidate only if it beats the baseline after correction": the candidate with
 * the highest estimate on the grader passes when its pair with the baseline is `improved` after
 * the family-wide correction of the comparison (Holm by default). Choosing the best after
 * looking is covered: the correction holds over every candidate it could have picked.
 *
 * `compareAt(alpha)` gives the comparison (every candidate against the baseline) at a rule's α.
 */
export function evaluateMatrixGates(
  rules: readonly MatrixGateRule[],
  compareAt: (alpha: number) => MatrixComparison,
): MatrixGateReport {
  const results = rules.map((rule) => evaluateRule(rule, compareAt(rule.condition.alpha)));
  const first = rules.length > 0 ? compareAt(rules[0].condition.alpha) : undefined;
  return { passed: results.every((r) => r.passed), matrixId: first?.matrixId ?? null, results };
}

function evaluateRule(rule: MatrixGateRule, m: MatrixComparison): MatrixGateResult {
  const base = m.runs.find((r) => r.baseline)!;
  const baseline = { runId: base.runId, label: base.label };
  const pairs = m.pairs.filter((p) => p.grader === rule.grader && p.baseline === base.runId);
  const common = { rule: 'bestBeatsBaseline' as const, label: rule.label, grader: rule.grader, baseline };
  const tail = { correction: m.correction, alpha: rule.condition.alpha, where: rule.where };
  if (pairs.length === 0) {
    const known = [...new Set(m.pairs.map((p) => p.grader))];
    return {
      ...common,
      passed: false,
      detail: `No candidate was compared with the baseline on grader '${rule.grader}'${didYouMean(rule.grader, known)}.`,
      best: null,
      delta: null,
      pAdjusted: null,
      ...tail,
    };
  }
  const best = pairs.reduce((a, b) => (b.candidateValue.value > a.candidateValue.value ? b : a));
  const passed = best.verdict === 'improved';
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} pts`;
  const others = pairs.filter((p) => p !== best && p.verdict === 'improved').map((p) => p.candidateLabel);
  const detail =
    `Best candidate ${best.candidateLabel} (${best.candidateValue.value.toFixed(3)}) vs baseline ${baseline.label} ` +
    `(${best.baselineValue.value.toFixed(3)}): ${pct(best.delta.value)} [${pct(best.delta.lower)}, ${pct(best.delta.upper)}], ` +
    `${m.correction}-adjusted p = ${formatP(best.pAdjusted)} over ${pairs.length} candidate(s): ` +
    (passed ? 'it beats the baseline, ship it.' : 'it does not beat the baseline after correction.') +
    (others.length > 0 ? ` Also better than the baseline: ${others.join(', ')}.` : '');
  return {
    ...common,
    passed,
    detail,
    best: { runId: best.candidate, label: best.candidateLabel },
    delta: best.delta.value,
    pAdjusted: best.pAdjusted,
    ...tail,
  };
}

function formatP(p: number): string {
  return p < 0.0001 ? '< 0.0001' : p.toFixed(4);
}
