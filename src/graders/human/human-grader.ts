import { AssayError } from '../../core/errors.js';
import type { Case, Score, TargetOutput } from '../../core/types.js';
import type { Grader, GraderContext, GraderResult } from '../grader.js';
import { SpecReader } from '../judge/spec-reader.js';
import { humanGraderSchema } from './human-schema.js';
import { decideReview, findScore, memoryAuditClaim, type AuditClaim, type ReviewPolicy } from './review-policy.js';

/** What a human grader puts in `meta.review`; the runner creates a pending review for selected trials. */
export interface ReviewRequest {
  readonly selected: boolean;
  readonly policy: ReviewPolicy['kind'];
  readonly why: string;
  readonly labels: readonly string[];
  readonly instructions?: string;
  /** The graders whose verdicts this review checks: `assay calibrate <grader>` uses only their labels. */
  readonly judges?: readonly string[];
  /**
   * The chance this trial had of being picked, when the policy fixes it (all: 1, random: the
   * share). Absent when the pick depended on the judge's own verdict (uncertain, disagree).
   */
  readonly probability?: number;
  /** Show reviewers no judge verdicts or reasoning (default for policies random, audit and all). */
  readonly blind?: boolean;
}

const POLICIES = ['all', 'random', 'uncertain', 'disagree', 'audit'] as const;

/**
 * `human`: sends trials to people instead of scoring them at once. The policy decides which;
 * a selected trial gets a pending score (`meta.review` says why) that a review later fills in.
 * A trial the policy leaves out takes the score of the `fallback` grader (default: the grader
 * the policy looked at — the last listed one for `disagree` — else the last earlier grader), marked `meta.review.selected: false`.
 *
 * @example
 * // - type: human
 * //   name: expert
 * //   policy: uncertain      # all | random | uncertain | disagree | audit
 * //   grader: tone-judge
 * //   band: [0.3, 0.7]
 * //   calibrates: tone-judge # whose verdicts the labels check (default: the grader the policy looks at)
 * //   blind: false           # show reviewers the judge's verdict (default: hidden for random/audit/all)
 */
export function createHumanGrader(spec: unknown): Grader {
  const r = new SpecReader(spec, 'human', humanGraderSchema);
  const policy = readPolicy(r);
  const fallback = r.string('fallback');
  const instructions = r.string('instructions');
  const judges = readJudges(r, policy, fallback);
  const blindRaw = r.raw('blind');
  if (blindRaw !== undefined && typeof blindRaw !== 'boolean')
    r.issue('blind', 'must be true (hide judge verdicts from reviewers) or false');
  const blind =
    typeof blindRaw === 'boolean'
      ? blindRaw
      : policy.kind === 'random' || policy.kind === 'audit' || policy.kind === 'all';
  const labelsRaw = r.raw('labels');
  let labels: string[] = ['pass', 'fail'];
  if (labelsRaw !== undefined) {
    if (!Array.isArray(labelsRaw) || labelsRaw.length < 2 || !labelsRaw.every((l) => typeof l === 'string' && l !== ''))
      r.issue('labels', 'must be a list of at least two label names');
    else labels = labelsRaw as string[];
  }
  r.done(
    'Configure human review with policy: all | random (share, seed) | uncertain (grader, band) | disagree (graders) | audit (size, share, seed).',
  );
  const inMemory = memoryAuditClaim();
  return {
    name: r.name,
    kind: 'human',
    threshold: 0.5,
    async grade(testCase: Case, _output: TargetOutput, ctx: GraderContext): Promise<GraderResult> {
      const previous = ctx.previousScores ?? [];
      const { claimAuditSlot } = ctx;
      const claim: AuditClaim = claimAuditSlot
        ? (_runId, caseId, size) => claimAuditSlot(r.name, caseId, size)
        : inMemory;
      const decision = await decideReview(policy, testCase, ctx.runId, previous, claim);
      const probability = policy.kind === 'all' ? 1 : policy.kind === 'random' ? policy.share : undefined;
      const review: ReviewRequest = {
        selected: decision.selected,
        policy: policy.kind,
        why: decision.why,
        labels,
        ...(instructions !== undefined && { instructions }),
        ...(judges.length > 0 && { judges }),
        ...(probability !== undefined && { probability }),
        blind,
      };
      if (decision.selected)
        return { value: Number.NaN, pending: true, reason: `waiting for review: ${decision.why}`, meta: { review } };
      const source = pickFallback(previous, fallback ?? defaultFallback(policy));
      if (!source) {
        throw new AssayError(
          'HUMAN_NO_FALLBACK',
          `Grader '${r.name}' did not send case '${testCase.id}' to review (${decision.why}) and has no earlier score to fall back on.`,
          {
            hint: `List a grader before '${r.name}' in the eval (or name one with \`fallback\`), or use policy: all.`,
          },
        );
      }
      return {
        value: source.value,
        ...(source.pass !== undefined && { pass: source.pass }),
        ...(source.label !== undefined && { label: source.label }),
        reason: `not sent for review (${decision.why}); score of '${source.grader}'`,
        meta: { review, source: source.grader },
      };
    },
  };
}

/** `calibrates`: the judges these labels check; default the grader the policy looks at, else `fallback`. */
function readJudges(r: SpecReader, policy: ReviewPolicy, fallback: string | undefined): string[] {
  const raw = r.raw('calibrates');
  if (typeof raw === 'string' && raw !== '') return [raw];
  if (Array.isArray(raw) && raw.length > 0 && raw.every((g) => typeof g === 'string' && g !== ''))
    return raw as string[];
  if (raw !== undefined) r.issue('calibrates', 'must be a grader name or a list of grader names');
  if (policy.kind === 'uncertain' && policy.grader !== undefined) return [policy.grader];
  if (policy.kind === 'disagree' && policy.graders !== undefined) return [...policy.graders];
  return fallback !== undefined ? [fallback] : [];
}

function defaultFallback(policy: ReviewPolicy): string | undefined {
  if (policy.kind === 'uncertain') return policy.grader;
  if (policy.kind === 'disagree') return policy.graders?.at(-1);
  return undefined;
}

function pickFallback(previous: readonly Score[], name: string | undefined): Score | undefined {
  const score = findScore(
    previous.filter((s) => s.error === undefined && Number.isFinite(s.value)),
    name,
  );
  return score && !score.pending ? score : undefined;
}

function readPolicy(r: SpecReader): ReviewPolicy {
  const kind = r.raw('policy') ?? 'all';
  const seed = r.string('seed') ?? 'assay';
  switch (kind) {
    case 'all':
      return { kind: 'all' };
    case 'random': {
      const share = r.number('share', { min: 0, max: 1 });
      if (share === undefined)
        r.issue('share', 'is required for policy random: the share of cases to review, e.g. 0.1', 'missing_field');
      return { kind: 'random', share: share ?? 0, seed };
    }
    case 'uncertain': {
      const band = r.raw('band') ?? [0.3, 0.7];
      const ok =
        Array.isArray(band) &&
        band.length === 2 &&
        band.every((b) => typeof b === 'number' && b >= 0 && b <= 1) &&
        band[0] <= band[1];
      if (!ok) r.issue('band', `must be [low, high] within [0, 1], got ${JSON.stringify(band)}`);
      const grader = r.string('grader');
      return {
        kind: 'uncertain',
        low: ok ? band[0] : 0,
        high: ok ? band[1] : 1,
        ...(grader !== undefined && { grader }),
      };
    }
    case 'disagree': {
      const graders = r.raw('graders');
      if (graders !== undefined && (!Array.isArray(graders) || !graders.every((g) => typeof g === 'string')))
        r.issue('graders', 'must be a list of grader names');
      return { kind: 'disagree', ...(Array.isArray(graders) && { graders: graders as string[] }) };
    }
    case 'audit': {
      const size = r.number('size', { min: 1, integer: true });
      if (size === undefined)
        r.issue('size', 'is required for policy audit: how many cases per run to review', 'missing_field');
      return { kind: 'audit', size: size ?? 1, share: r.number('share', { min: 0, max: 1 }) ?? 1, seed };
    }
    default:
      r.issue('policy', `must be one of ${POLICIES.join(', ')}, got ${JSON.stringify(kind)}`);
      return { kind: 'all' };
  }
}
