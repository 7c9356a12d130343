import {
  boundedNonInferiorityTest,
  mcnemarMidP,
  signFlipPermutationTest,
  tangoNonInferiorityTest,
} from '../../stats/index.js';

/** One grader's paired per-case values (pass shares or mean scores) for a comparison rule. */
export interface GraderPairs {
  /** Pass/fail and one repeat on both sides: McNemar and Tango apply. */
  readonly singleBinary: boolean;
  readonly paired: readonly { readonly baseline: number; readonly candidate: number }[];
}

/** The outcome of a comparison rule on one grader's paired cases. */
export interface ComparisonGateOutcome {
  readonly passed: boolean;
  /** The figure reported as `actual`: the one-sided p (noRegression) or Δ (nonInferiority). */
  readonly actual: number;
  readonly delta: number;
  readonly pValue: number;
  readonly n: number;
  /** Which test decided, for the report. */
  readonly test: 'mcnemar-midp' | 'sign-flip-permutation' | 'tango-score' | 'bounded-score';
  /** Fewer than two paired cases: nothing to compare, so the rule fails with that reason. */
  readonly notComparable: boolean;
}

/** Both comparison rules are one-sided: this is what the gate line and JSON report. */
export const COMPARISON_SIDEDNESS = 'one-sided' as const;

function notComparable(n: number, delta: number): ComparisonGateOutcome {
  return { passed: false, actual: Number.NaN, delta, pValue: Number.NaN, n, test: 'mcnemar-midp', notComparable: true };
}

function differences(pairs: GraderPairs): number[] {
  return pairs.paired.map((p) => p.candidate - p.baseline);
}

function discordant(pairs: GraderPairs): { candidateOnly: number; baselineOnly: number } {
  let candidateOnly = 0;
  let baselineOnly = 0;
  for (const p of pairs.paired) {
    if (p.candidate > p.baseline) candidateOnly += 1;
    else if (p.baseline > p.candidate) baselineOnly += 1;
  }
  return { candidateOnly, baselineOnly };
}

/**
 * noRegression: fails when the candidate is significantly *worse*, a one-sided test at α
 * (H0: Δ ≥ 0 against H1: Δ < 0). Pass/fail with one repeat: one-sided McNemar mid-p;
 * otherwise the one-sided sign-flip permutation test of d = candidate − baseline.
 */
export function noRegressionGate(pairs: GraderPairs, alpha: number, seed: number): ComparisonGateOutcome {
  const d = differences(pairs);
  const n = d.length;
  const delta = n === 0 ? Number.NaN : d.reduce((s, x) => s + x, 0) / n;
  if (n < 2) return notComparable(n, delta);
  let p: number;
  let test: ComparisonGateOutcome['test'];
  if (pairs.singleBinary) {
    const c = discordant(pairs);
    p = mcnemarMidP(c.candidateOnly, c.baselineOnly, 'less');
    test = 'mcnemar-midp';
  } else {
    p = signFlipPermutationTest(d, { seed, alternative: 'less', normalAbove: 4_999 }).pvalue;
    test = 'sign-flip-permutation';
  }
  return { passed: !(p <= alpha), actual: p, delta, pValue: p, n, test, notComparable: false };
}

/**
 * nonInferiority: passes only when the data show Δ > −margin (H0: Δ ≤ −margin), one-sided at
 * α. Pass/fail with one repeat: Tango's score test with a ½ continuity correction; per-case
 * means: the score test with the restricted variance (its generalisation to bounded scores).
 * Neither can return p = 0 from equal differences: the null's variance is never 0.
 */
export function nonInferiorityGate(pairs: GraderPairs, margin: number, alpha: number): ComparisonGateOutcome {
  const d = differences(pairs);
  const n = d.length;
  const delta = n === 0 ? Number.NaN : d.reduce((s, x) => s + x, 0) / n;
  if (n < 2) return notComparable(n, delta);
  const c = discordant(pairs);
  const r = pairs.singleBinary
    ? tangoNonInferiorityTest(c.candidateOnly, c.baselineOnly, n, margin)
    : boundedNonInferiorityTest(d, margin);
  const passed = Number.isFinite(r.pvalue) && r.pvalue <= alpha;
  const test = pairs.singleBinary ? 'tango-score' : 'bounded-score';
  return { passed, actual: delta, delta, pValue: r.pvalue, n, test, notComparable: false };
}
