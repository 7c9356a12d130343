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
 * Claims one of `size` audit places of a run for a case: true when the case holds a place
 * (already, or now). The audit policy keeps all repeats of a chosen case.
 */
export type AuditClaim = (runId: string, caseId: string, size: number) => boolean | Promise<boolean>;

/** The audit sample kept in this process's memory (for graders used outside a stored run). */
export function memoryAuditClaim(): (runId: string, caseId: string, size: number) => boolean {
  const chosen = new Map<string, Set<string>>();
  return (runId, caseId, size) => {
    let cases = chosen.get(runId);
    if (!cases) chosen.set(runId, (cases = new Set()));
    if (cases.has(caseId)) return true;
    if (cases.size >= size) return false;
    cases.add(caseId);
    return true;
  };
}

/**
 * Decides whether one trial goes to review. Synchronous unless the audit claim is (a store
 * shared by several processes answers asynchronously).
 */
export function decideReview(
  policy: ReviewPolicy,
  testCase: Case,
  runId: string,
  previous: readonly Score[],
  claimAudit: (runId: string, caseId: string, size: number) => boolean,
): PolicyDecision;
export function decideReview(
  policy: ReviewPolicy,
  testCase: Case,
  runId: string,
  previous: readonly Score[],
  claimAudit: AuditClaim,
): PolicyDecision | Promise<PolicyDecision>;
export function decideReview(
  policy: ReviewPolicy,
  testCase: Case,
  runId: string,
  previous: readonly Score[],
  claimAudit: AuditClaim,
): PolicyDecision | Promise<PolicyDecision> {
  switch (policy.kind) {
    case 'all':
      return { selected: true, why: 'every trial is reviewed' };
    case 'random': {
      const u = seededUniform(policy.seed, testCase.id);
      return {
        selected: u < policy.share,
        why: `random ${formatShare(policy.share)} of cases (seed ${JSON.stringify(policy.seed)})`,
      };
    }
    case 'uncertain': {
      const score = findScore(previous, policy.grader);
      if (!score)
        return {
          selected: true,
          why: `no score from ${policy.grader ? `'${policy.grader}'` : 'an earlier grader'} to judge certainty by`,
        };
      if (score.error !== undefined || !Number.isFinite(score.value))
        return { selected: true, why: `'${score.grader}' errored` };
      const inBand = score.value >= policy.low && score.value <= policy.high;
      return {
        selected: inBand,
        why: `'${score.grader}' scored ${round(score.value)}, ${inBand ? 'inside' : 'outside'} the uncertain band [${policy.low}, ${policy.high}]`,
      };
    }
    case 'disagree': {
      const scores = previous.filter(
        (s) =>
          !s.pending &&
          s.error === undefined &&
          typeof s.pass === 'boolean' &&
          (policy.graders === undefined || policy.graders.includes(s.grader)),
      );
      if (scores.length < 2)
        return { selected: true, why: `fewer than two graders scored this trial, so agreement is unknown` };
      const passes = new Set(scores.map((s) => s.pass));
      const list = scores.map((s) => `${s.grader}=${s.pass ? 'pass' : 'fail'}`).join(', ');
      return {
        selected: passes.size > 1,
        why: passes.size > 1 ? `graders disagree (${list})` : `graders agree (${list})`,
      };
    }
    case 'audit': {
      const eligible = seededUniform(policy.seed, `${runId}\u0000${testCase.id}`) < policy.share;
      if (!eligible) return { selected: false, why: 'not drawn for the audit sample' };
      const decide = (claimed: boolean): PolicyDecision =>
        claimed
          ? { selected: true, why: `audit sample of ${policy.size} cases per run` }
          : { selected: false, why: `the audit sample of ${policy.size} cases is full` };
      const claimed = claimAudit(runId, testCase.id, policy.size);
      return typeof claimed === 'boolean' ? decide(claimed) : claimed.then(decide);
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
