import type { Score } from '../../core/types.js';
import type { StoredReview, StoredRun } from '../../store/types.js';

/**
 * One pass rule per grader: a score passes when its grader said so (`pass`), otherwise when
 * its value reaches the grader's threshold. Human reviews follow the same rule as the grader
 * they answer, so a review of a rubric grader with `passLevel: 4` passes at level 4, like the
 * judge does.
 */
export interface PassRules {
  /** The value at or above which a score of `grader` passes when it carries no `pass`. */
  threshold(grader: string): number;
}

/** Without a recorded threshold: people and judges pass at 0.5 (their default), rules at 1. */
const KIND_DEFAULTS: { readonly [kind: string]: number } = { human: 0.5, judge: 0.5, hybrid: 0.5 };

/** The thresholds of a run's graders, from its config snapshot (`graders`, then `graderSpecs`). */
export function passRulesOf(config: StoredRun['config'] | undefined): PassRules {
  const thresholds = new Map<string, number>();
  const graders = Array.isArray(config?.graders) ? (config.graders as unknown[]) : [];
  const specs = Array.isArray(config?.graderSpecs) ? (config.graderSpecs as unknown[]) : [];
  for (const spec of specs) {
    const t = specThreshold(spec);
    const name = nameOf(spec);
    if (t !== undefined && name !== undefined) thresholds.set(name, t);
  }
  for (const g of graders) {
    const { name, kind, threshold } = (g ?? {}) as { name?: unknown; kind?: unknown; threshold?: unknown };
    if (typeof name !== 'string') continue;
    if (typeof threshold === 'number' && threshold >= 0 && threshold <= 1) thresholds.set(name, threshold);
    else if (!thresholds.has(name)) thresholds.set(name, KIND_DEFAULTS[String(kind)] ?? 1);
  }
  return { threshold: (grader) => thresholds.get(grader) ?? 1 };
}

/** True when the run's config gives the grader an explicit pass rule (`passLevel` or `threshold` in its spec). */
export function passRuleDeclared(config: StoredRun['config'] | undefined, grader: string): boolean {
  const specs = Array.isArray(config?.graderSpecs) ? (config.graderSpecs as unknown[]) : [];
  return specs.some((spec) => nameOf(spec) === grader && specThreshold(spec) !== undefined);
}

/** Rules for tests and for runs without a config: every grader at `threshold`. */
export function uniformPassRules(threshold = 1): PassRules {
  return { threshold: () => threshold };
}

/** Whether a usable score passes: its own `pass` when given, else the grader's threshold. */
export function passOf(grader: string, value: number, pass: boolean | undefined, rules: PassRules): boolean {
  return typeof pass === 'boolean' ? pass : value >= rules.threshold(grader);
}

/**
 * The score a done review stands for: label `pass`/`fail` decide; any other label or a bare
 * score passes by the grader's threshold. Undefined when the review carries no usable value.
 */
export function reviewedScore(review: StoredReview, rules: PassRules): { value: number; pass: boolean } | undefined {
  if (review.status !== 'done') return undefined;
  const label = review.label?.toLowerCase();
  const value = review.score ?? (label === 'pass' ? 1 : label === 'fail' ? 0 : Number.NaN);
  if (!Number.isFinite(value)) return undefined;
  const pass = label === 'pass' ? true : label === 'fail' ? false : value >= rules.threshold(review.grader);
  return { value, pass };
}

/** A done review replaces the pending score it answers (for views that show one trial's scores). */
export function applyReview(score: Score, review: StoredReview | undefined, rules: PassRules): Score {
  if (!score.pending || review === undefined) return score;
  const r = reviewedScore(review, rules);
  if (!r) return score;
  return {
    grader: score.grader,
    value: r.value,
    pass: r.pass,
    label: review.label ?? undefined,
    reason: review.comment ?? `reviewed by ${review.reviewer ?? 'a person'}`,
    meta: { ...score.meta, reviewer: review.reviewer },
  };
}

export function reviewKey(caseId: string, repeat: number, grader: string): string {
  return `${caseId}\u0000${repeat}\u0000${grader}`;
}

function nameOf(spec: unknown): string | undefined {
  const s = spec as { name?: unknown; type?: unknown } | null;
  if (typeof s?.name === 'string') return s.name;
  return typeof s?.type === 'string' ? s.type : undefined;
}

function specThreshold(spec: unknown): number | undefined {
  const s = (spec ?? {}) as { passLevel?: unknown; scale?: unknown; threshold?: unknown; type?: unknown };
  if (typeof s.passLevel === 'number') {
    const scale = typeof s.scale === 'number' ? s.scale : 5;
    return scale > 1 ? (s.passLevel - 1) / (scale - 1) : undefined;
  }
  return typeof s.threshold === 'number' ? s.threshold : undefined;
}
