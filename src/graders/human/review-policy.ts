import { sha256 } from '../../core/hash.js';
import type { Case, Score } from '../../core/types.js';

/** Which trials go to people. */
export type ReviewPolicy =
  | { readonly kind: 'all' }
  /** A share of cases, chosen by a seeded hash of the case id (the same cases every run). */
  | { readonly kind: 'random'; readonly share: number; readonly seed: string }
  /** Trials whose `grader` score is in [low, high] or errored. */
  | { readonly kind: 'uncertain'; readonly grader?: string; readonly low: number; readonly high: number }
  /** Trials where the listed graders (all earlier ones by default) disagree on pass/fail. */
  | { readonly kind: 'disagree'; readonly graders?: readonly string[] }
  /** Up to `size` cases per run, the cases whose seeded hash is under `share` (1 = the first graded). */
  | { readonly kind: 'audit'; readonly size: number; readonly share: number; readonly seed: string };

export interface PolicyDecision {
  readonly selected: boolean;
  /** Why, in words, for the review queue and `meta.review`. */
  readonly why: string;
}

/** A uniform number in [0, 1) from a seed and a key: the same inputs always give the same number. */
export function seededUniform(seed: string, key: string): number {
  return Number.parseInt(sha256(`${seed}\u0000${key}`).slice(0, 13), 16) / 2 ** 52;
}

/**
 * Decides whether one trial goes to review. `auditState` holds the cases chosen so far per run
 * (the audit policy keeps all repeats of a chosen case).
 */
export function decideReview(
  policy: ReviewPolicy,
  testCase: Case,
  runId: string,
  previous: readonly Score[],
  auditState: Map<string, Set<string>>,
): PolicyDecision {
  switch (policy.kind) {
    case 'all':
      return { selected: true, why: 'every trial is reviewed' };
    case 'random': {
      const u = seededUniform(policy.seed, testCase.id);
      return { selected: u < policy.share, why: `random ${formatShare(policy.share)} of cases (seed ${JSON.stringify(policy.seed)})` };
    }
    case 'uncertain': {
      const score = findScore(previous, policy.grader);
      if (!score) return { selected: true, why: `no score from ${policy.grader ? `'${policy.grader}'` : 'an earlier grader'} to judge certainty by` };
      if (score.error !== undefined || !Number.isFinite(score.value)) return { selected: true, why: `'${score.grader}' errored` };
      const inBand = score.value >= policy.low && score.value <= policy.high;
      return { selected: inBand, why: `'${score.grader}' scored ${round(score.value)}, ${inBand ? 'inside' : 'outside'} the uncertain band [${policy.low}, ${policy.high}]` };
    }
    case 'disagree': {
      const scores = previous.filter((s) => !s.pending && s.error === undefined && typeof s.pass === 'boolean'
        && (policy.graders === undefined || policy.graders.includes(s.grader)));
      if (scores.length < 2) return { selected: true, why: `fewer than two graders scored this trial, so agreement is unknown` };
      const passes = new Set(scores.map((s) => s.pass));
      const list = scores.map((s) => `${s.grader}=${s.pass ? 'pass' : 'fail'}`).join(', ');
      return { selected: passes.size > 1, why: passes.size > 1 ? `graders disagree (${list})` : `graders agree (${list})` };
    }
    case 'audit': {
      let chosen = auditState.get(runId);
      if (!chosen) auditState.set(runId, (chosen = new Set()));
      if (chosen.has(testCase.id)) return { selected: true, why: `audit sample of ${policy.size} cases per run` };
      const eligible = seededUniform(policy.seed, `${runId}\u0000${testCase.id}`) < policy.share;
      if (eligible && chosen.size < policy.size) {
        chosen.add(testCase.id);
        return { selected: true, why: `audit sample of ${policy.size} cases per run` };
      }
      return { selected: false, why: chosen.size >= policy.size ? `the audit sample of ${policy.size} cases is full` : 'not drawn for the audit sample' };
    }
  }
}

/** The named grader's score, or the last earlier score that is not pending. */
export function findScore(previous: readonly Score[], grader?: string): Score | undefined {
  if (grader !== undefined) return previous.find((s) => s.grader === grader);
  return [...previous].reverse().find((s) => !s.pending);
}

function formatShare(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
