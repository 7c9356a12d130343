import { mcnemarExactPower, mcnemarMidPSampleSize, mcnemarSampleSize, smallestStableN } from '../../stats/index.js';
import { AssayError } from '../../core/errors.js';

export interface RatePlanInput {
  /** Expected pass rate of the baseline, e.g. 0.85. */
  readonly baselineRate: number;
  /** Smallest change worth detecting, in absolute points (0.03 = 3 points). */
  readonly delta: number;
  /** Share of cases whose outcome differs between the runs (p10 + p01); default: independent outcomes. */
  readonly discordance?: number;
  readonly repeats?: number;
  readonly power?: number;
  readonly alpha?: number;
}

export interface RatePlan {
  readonly baselineRate: number;
  readonly candidateRate: number;
  readonly delta: number;
  readonly alpha: number;
  readonly power: number;
  readonly discordance: number;
  readonly discordanceAssumed: boolean;
  /** Cases needed for exact McNemar at one repeat (Connor 1987, rounded up). */
  readonly cases: number;
  /** The slightly smaller Miller normal form. */
  readonly casesMiller: number;
  /** Exact power of the exact McNemar test at `cases`. */
  readonly exactPower: number;
  /**
   * The smallest n (at or above `cases`) from which the exact McNemar test reaches the
   * requested power and stays there for the next 10 values of n (its power is saw-toothed). The normal-theory
   * `cases` is the planning figure; this is what the exact test actually needs.
   */
  readonly casesExact: number;
  /**
   * The headline: cases the two-sided mid-p McNemar test (compare's verdict) needs, found on
   * its exact power (smallest n from which it stays at the target for 10 more n).
   */
  readonly casesMidP: number;
  /** Exact power of the mid-p McNemar test at `casesMidP`. */
  readonly midPPower: number;
  readonly repeats: number;
  /**
   * With repeats, without a pilot the split of the variance is unknown: `cases` holds if the
   * disagreement is all between cases, `casesIfAllRepeatNoise` if it is all repeat noise.
   */
  readonly casesIfAllRepeatNoise: number;
  readonly notes: readonly string[];
}

/**
 * Cases needed to detect a change of `delta` from a baseline pass rate with a paired
 * (McNemar) comparison. The headline is `casesMidP`: compare decides with the mid-p test.
 *
 * @example
 * planFromRates({ baselineRate: 0.85, delta: 0.03, discordance: 0.1 }).casesMidP;
 */
export function planFromRates(input: RatePlanInput): RatePlan {
  const alpha = input.alpha ?? 0.05;
  const power = input.power ?? 0.8;
  const repeats = input.repeats ?? 1;
  const p = input.baselineRate;
  const delta = input.delta;
  const q = p + delta;
  const problems: string[] = [];
  // A baseline that passes (or fails) every case is a real starting point: from 100%, only a drop.
  const rateOk = p >= 0 && p <= 1;
  if (!rateOk) problems.push(`--baseline-rate must be between 0 and 1 (e.g. 0.85), got ${p}`);
  const deltaOk = Math.abs(delta) > 0 && Math.abs(delta) < 1;
  if (!deltaOk) problems.push(`--delta must be a non-zero change in absolute points (e.g. 0.03), got ${delta}`);
  else if (rateOk && !(q >= 0 && q <= 1))
    problems.push(
      `--baseline-rate ${p} plus --delta ${delta} leaves [0, 1]${p === 1 ? ' (from 100%, only a drop: a negative --delta)' : p === 0 ? ' (from 0%, only a rise)' : ''}`,
    );
  const discordanceAssumed = input.discordance === undefined;
  // Independent outcomes: p(1 − q) + q(1 − p), at least |δ| (equal to it from 0% or 100%, where
  // every changed case goes one way); rounding can leave it a hair under.
  const independent = Math.max(Math.abs(delta), p * (1 - q) + q * (1 - p));
  const psi = input.discordance ?? independent;
  // Checked only once the rate and change are valid: a discordance derived from them means nothing otherwise.
  if (rateOk && deltaOk && q >= 0 && q <= 1 && !(psi >= Math.abs(delta) && psi <= 1 && psi > 0))
    problems.push(
      `--discordance must be at least |delta| (${Math.abs(delta)}) and at most 1, got ${psi}: a change of δ needs at least δ of cases to flip`,
    );
  if (!Number.isInteger(repeats) || repeats < 1)
    problems.push(`--repeats must be a positive whole number, got ${repeats}`);
  if (problems.length > 0) {
    throw new AssayError('BAD_PLAN_INPUT', 'Cannot plan with these inputs.', {
      issues: problems.map((message) => ({ code: 'invalid_value', path: 'plan', message })),
      hint: 'Example: assay plan --baseline-rate 0.85 --delta 0.03 --discordance 0.1',
    });
  }
  // ψ = |δ| is every changed case going one way: the other share is exactly 0.
  const p01 = Math.abs(psi + delta) < 1e-15 ? 0 : (psi + delta) / 2;
  const p10 = Math.abs(psi - delta) < 1e-15 ? 0 : (psi - delta) / 2;
  const n = mcnemarSampleSize({ p10, p01, alpha, power });
  const notes: string[] = [];
  if (discordanceAssumed) {
    notes.push(
      `Discordance assumed ${psi.toFixed(3)} (outcomes independent between runs); paired runs usually disagree on fewer cases, so pass --discordance from a pilot comparison.`,
    );
  }
  if (repeats > 1) {
    notes.push(
      `With ${repeats} repeats the cases needed lie between ${Math.ceil(n.nMillerCeil / repeats)} (all disagreement is repeat noise) and ${n.nConnorCeil} (all of it is between cases); plan from a pilot run (--from) to know which.`,
    );
  }
  const exactPower = (m: number) => mcnemarExactPower({ n: m, p10, p01, alpha }).power;
  const midP = mcnemarMidPSampleSize({ p10, p01, alpha, power });
  return {
    baselineRate: p,
    candidateRate: q,
    delta,
    alpha,
    power,
    discordance: psi,
    discordanceAssumed,
    cases: n.nConnorCeil,
    casesMiller: n.nMillerCeil,
    exactPower: exactPower(n.nConnorCeil),
    casesExact: smallestStableN(exactPower, power, n.nConnorCeil),
    casesMidP: midP.n,
    midPPower: midP.power,
    repeats,
    casesIfAllRepeatNoise: Math.ceil(n.nMillerCeil / repeats),
    notes,
  };
}
