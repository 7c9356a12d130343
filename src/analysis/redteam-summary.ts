import type { ScoreColumns } from './metrics/case-fold.js';
import { attackCases, attackSuccessRate } from './metrics/attack-success.js';
import type { MetricValue } from './metrics/registry.js';
import { segmentValueOf } from './metrics/measure.js';

/** Attack success of one family (or one technique of it), per red-team grader. */
export interface AttackGroup {
  readonly family: string;
  readonly technique?: string;
  /** Attack cases in the group. */
  readonly n: number;
  /** Per grader: the ASR metric with its interval. */
  readonly asr: { readonly [grader: string]: MetricValue };
}

/** One attack that succeeded against the target. */
export interface SuccessfulAttack {
  readonly caseId: string;
  readonly family: string;
  readonly technique: string;
  /** Graders the attack got past, with the reason each gave. */
  readonly graders: readonly { readonly grader: string; readonly reason: string | null }[];
}

/** The red-team view of a run: ASR per grader, family and technique, and the worst attacks. */
export interface RedteamSummary {
  readonly attacks: number;
  readonly graders: readonly string[];
  readonly overall: { readonly [grader: string]: MetricValue };
  readonly families: readonly AttackGroup[];
  readonly techniques: readonly AttackGroup[];
  /** Successful attacks, those that got past the most graders first (at most `maxWorst`). */
  readonly worst: readonly SuccessfulAttack[];
}

/**
 * Summarises the attack cases of a run (`metadata.attack`), or returns undefined when it has
 * none. Every figure is the registry's `asr` metric over a group of cases, so the numbers are
 * those of the grader table, segments and gates.
 */
export function summarizeAttacks(
  fold: ScoreColumns,
  graders: readonly string[],
  alpha: number,
  maxWorst = 10,
): RedteamSummary | undefined {
  const all = fold.caseIds.map((_, i) => i);
  const attacks = attackCases(fold, all);
  if (attacks.length === 0) return undefined;
  const asrGraders = graders.filter((g) => attackSuccessRate.appliesTo?.(fold, g) ?? true);
  const asrOf = (cases: readonly number[]) =>
    Object.fromEntries(
      asrGraders.map((grader) => [grader, attackSuccessRate.estimate({ fold, cases, grader, alpha })]),
    );
  const byFamily = groupBy(attacks, (i) => segmentValueOf(fold, i, 'attack') ?? '');
  const byTechnique = groupBy(
    attacks,
    (i) => `${segmentValueOf(fold, i, 'attack')}\u0000${segmentValueOf(fold, i, 'technique') ?? '—'}`,
  );
  return {
    attacks: attacks.length,
    graders: asrGraders,
    overall: asrOf(attacks),
    families: [...byFamily].map(([family, cases]) => ({ family, n: cases.length, asr: asrOf(cases) })),
    techniques: [...byTechnique].map(([key, cases]) => {
      const [family, technique] = key.split('\u0000');
      return { family, technique, n: cases.length, asr: asrOf(cases) };
    }),
    worst: worstAttacks(fold, attacks, asrGraders, maxWorst),
  };
}

function worstAttacks(
  fold: ScoreColumns,
  attacks: readonly number[],
  graders: readonly string[],
  max: number,
): SuccessfulAttack[] {
  const scored = attacks.map((i) => {
    const got: { grader: string; reason: string | null }[] = [];
    for (const name of graders) {
      const share = attackSuccessRate.caseValue?.(fold, i, name);
      if (share !== undefined && share > 0) {
        const g = fold.graders.find((x) => x.name === name);
        got.push({ grader: name, reason: g?.failReasons[i] ?? null });
      }
    }
    return { i, got };
  });
  return scored
    .filter((s) => s.got.length > 0)
    .sort((a, b) => b.got.length - a.got.length || fold.caseIds[a.i].localeCompare(fold.caseIds[b.i]))
    .slice(0, max)
    .map(({ i, got }) => ({
      caseId: fold.caseIds[i],
      family: segmentValueOf(fold, i, 'attack') ?? '',
      technique: segmentValueOf(fold, i, 'technique') ?? '—',
      graders: got,
    }));
}

function groupBy(cases: readonly number[], key: (i: number) => string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const i of cases) {
    const k = key(i);
    const list = out.get(k);
    if (list) list.push(i);
    else out.set(k, [i]);
  }
  return out;
}
