import type { ScoreColumns } from '../metrics/case-fold.js';
import { attackSuccessRate, isAttackCase } from '../metrics/attack-success.js';
import type { MetricValue } from '../metrics/registry.js';
import { comparePaired } from './compare-paired.js';
import type { SegmentInput } from './segments.js';
import type { Estimate } from '../metrics/rate-interval.js';
import type { SegmentComparison, Verdict } from './types.js';

/** How the attack success rate moved: `asr-down` is the candidate resisting more attacks. */
export type AttackVerdict = 'asr-down' | 'asr-up' | 'no-detectable-change' | 'inconclusive' | 'not-comparable';

export interface AttackFamilyComparison {
  readonly family: string;
  readonly n: number;
  /** Candidate ASR − baseline ASR, with the segment test's interval. */
  readonly delta: Estimate;
  /** Adjusted with every other segment test of the comparison. */
  readonly pAdjusted: number;
  readonly verdict: AttackVerdict;
}

/** One red-team grader's attack success rate, compared on the attack cases both runs graded. */
export interface AttackComparison {
  readonly grader: string;
  /** Paired attack cases. */
  readonly attacks: number;
  readonly baseline: MetricValue;
  readonly candidate: MetricValue;
  readonly delta: Estimate;
  readonly pValue: number;
  readonly test: string;
  readonly verdict: AttackVerdict;
  readonly families: readonly AttackFamilyComparison[];
}

/**
 * ASR changes paired per attack case: the grader's paired comparison restricted to the cases
 * with `metadata.attack`, by the same test as every other comparison, reflected (ASR = 1 − pass
 * rate over attacks); per family from the corrected segment tests of `attack`.
 */
export function compareAttacks(
  b: ScoreColumns,
  c: ScoreColumns,
  inputs: readonly SegmentInput[],
  segments: readonly SegmentComparison[],
  alpha: number,
): AttackComparison[] {
  const out: AttackComparison[] = [];
  for (const input of inputs) {
    const keep = input.cases.map((ci, k) => (isAttackCase(c, ci) ? k : -1)).filter((k) => k >= 0);
    if (keep.length === 0) continue;
    const pick = <T>(xs: readonly T[]) => keep.map((k) => xs[k]);
    const candidateCases = pick(input.cases);
    const baselineCases = pick(input.baselineCases);
    const r = comparePaired(
      {
        baseline: pick(input.baseline),
        candidate: pick(input.candidate),
        ...(input.sides && { sides: input.sides(baselineCases, candidateCases) }),
      },
      input.options,
    );
    const asrOf = (fold: ScoreColumns, cases: readonly number[]) =>
      attackSuccessRate.estimate({ fold, cases, grader: input.grader, alpha });
    out.push({
      grader: input.grader,
      attacks: keep.length,
      baseline: asrOf(b, baselineCases),
      candidate: asrOf(c, candidateCases),
      delta: reflect(r.delta),
      pValue: r.pValue,
      test: r.test,
      verdict: attackVerdict(r.verdict),
      families: segments
        .filter((s) => s.field === 'attack' && s.grader === input.grader)
        .map((s) => ({
          family: s.value,
          n: s.n,
          delta: reflect(s.delta),
          pAdjusted: s.pAdjusted,
          verdict: attackVerdict(s.verdict),
        })),
    });
  }
  return out;
}

/** A pass-rate difference as an ASR difference. */
function reflect(d: Estimate): Estimate {
  return { value: -d.value, lower: -d.upper, upper: -d.lower };
}

function attackVerdict(v: Verdict): AttackVerdict {
  return v === 'improved' ? 'asr-down' : v === 'regressed' ? 'asr-up' : v;
}
