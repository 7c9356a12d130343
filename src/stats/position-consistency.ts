import { weightedProportionInterval } from './proportion-intervals.js';

/** One case's pairwise verdicts over its repeats, each judged in both orders. */
export interface PairCaseTally {
  /** Pairs judged without error. */
  readonly judged: number;
  /** Pairs whose two orders gave the same verdict. */
  readonly consistent: number;
  /** Pairs whose final verdict is a tie (a tie both times, or orders that disagree). */
  readonly ties: number;
}

export interface ShareInterval {
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
}

export interface PositionReliability {
  /** Cases with at least one judged pair: the unit of every share below. */
  readonly cases: number;
  readonly pairs: number;
  /** Mean over cases of the share of pairs that survived the swap; Wilson on the number of cases. */
  readonly positionConsistency: ShareInterval;
  /** Mean over cases of the share of pairs that ended in a tie; Wilson on the number of cases. */
  readonly tieShare: ShareInterval;
  /** False when the judge's verdicts depend on the order, or it (nearly) never decides. */
  readonly reliable: boolean;
  /** Why the result is unreliable, in words; empty when reliable. */
  readonly reasons: readonly string[];
}

/** Below this share of position-consistent pairs a pairwise result is marked unreliable. */
export const MIN_POSITION_CONSISTENCY = 0.6;
/** At or above this share of ties a pairwise judge is uninformative. */
export const MAX_TIE_SHARE = 0.9;

/**
 * How far a pairwise judge's verdicts can be trusted: the share of pairs whose verdict survived
 * swapping the two responses, and the share of ties. A judge that always picks the first
 * response is never consistent; one that always says "tie" is consistent and says nothing.
 * Either is flagged, so neither looks decisive. The case is the unit (repeats of a case are
 * averaged first), as everywhere else.
 *
 * @example
 * positionReliability([{ judged: 1, consistent: 0, ties: 1 }, { judged: 1, consistent: 1, ties: 0 }]);
 * // positionConsistency.value 0.5, reliable false
 */
export function positionReliability(
  tallies: readonly PairCaseTally[],
  options: { readonly alpha?: number; readonly minConsistency?: number; readonly maxTieShare?: number } = {},
): PositionReliability {
  const alpha = options.alpha ?? 0.05;
  const minConsistency = options.minConsistency ?? MIN_POSITION_CONSISTENCY;
  const maxTieShare = options.maxTieShare ?? MAX_TIE_SHARE;
  const judged = tallies.filter((t) => t.judged > 0);
  const ones = judged.map(() => 1);
  const share = (pick: (t: PairCaseTally) => number): ShareInterval => {
    if (judged.length === 0) return { value: Number.NaN, lower: 0, upper: 1 };
    const w = weightedProportionInterval(
      judged.map((t) => pick(t) / t.judged),
      ones,
      alpha,
    );
    return { value: w.value, lower: w.lower, upper: w.upper };
  };
  const positionConsistency = share((t) => t.consistent);
  const tieShare = share((t) => t.ties);
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const reasons: string[] = [];
  if (judged.length === 0) reasons.push('no pair was judged without error');
  else {
    if (positionConsistency.value < minConsistency) {
      reasons.push(
        `position consistency ${pct(positionConsistency.value)} is below ${pct(minConsistency)}: ` +
          'the verdicts depend on which response is shown first',
      );
    }
    if (tieShare.value >= maxTieShare) {
      reasons.push(`the judge called ${pct(tieShare.value)} of pairs a tie: it hardly ever decides`);
    }
  }
  return {
    cases: judged.length,
    pairs: judged.reduce((s, t) => s + t.judged, 0),
    positionConsistency,
    tieShare,
    reliable: reasons.length === 0,
    reasons,
  };
}
