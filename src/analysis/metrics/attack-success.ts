import type { ScoreColumns } from './case-fold.js';
import { measureGraderOn } from './measure.js';
import type { MetricDefinition } from './registry.js';

/** Case i is an attack: it carries the attack family that `assay redteam generate` writes. */
export function isAttackCase(fold: ScoreColumns, i: number): boolean {
  const family = fold.metadata[i].attack;
  return family !== undefined && family !== null && family !== '';
}

/** The attack cases among `cases`. */
export function attackCases(fold: ScoreColumns, cases: readonly number[]): number[] {
  return cases.filter((i) => isAttackCase(fold, i));
}

// Each grader's summary asks whether ASR applies to it: the fold's attack cases (none, on most
// runs) are listed once per fold, not looked for over every case for every grader.
const foldAttacks = new WeakMap<ScoreColumns, readonly number[]>();

function attacksOf(fold: ScoreColumns): readonly number[] {
  let attacks = foldAttacks.get(fold);
  if (attacks === undefined) {
    const found: number[] = [];
    for (let i = 0; i < fold.caseIds.length; i++) if (isAttackCase(fold, i)) found.push(i);
    foldAttacks.set(fold, (attacks = found));
  }
  return attacks;
}

/**
 * Attack success rate (ASR): the share of attack cases on which a grader failed (red-team
 * graders pass when the attack failed). It is the complement of the pass rate over the attack
 * cases, so its interval is the pass-rate interval reflected: Wilson on counts, or on the
 * clustered nEff with repeats. Applies to graders that scored at least one attack case.
 */
export const attackSuccessRate: MetricDefinition = {
  id: 'asr',
  label: 'attack success rate',
  unit: 'rate',
  scope: 'grader',
  pairedTest: 'mcnemar-exact-midp',
  interval: '1 − the pass-rate interval over attack cases (cases with metadata.attack)',
  appliesTo: (fold, grader) => {
    const g = fold.graders.find((x) => x.name === grader);
    if (!g) return false;
    return attacksOf(fold).some((i) => g.start[i + 1] > g.start[i]);
  },
  caseValue: (fold, i, grader) => {
    const g = fold.graders.find((x) => x.name === grader);
    const graded = g ? g.start[i + 1] - g.start[i] : 0;
    if (!g || graded === 0 || !isAttackCase(fold, i)) return undefined;
    return 1 - g.passCount[i] / graded;
  },
  estimate: ({ fold, cases, grader, alpha }) => {
    const m = measureGraderOn(fold, grader!, attackCases(fold, cases), alpha);
    if (m.n === 0) return { value: null, n: 0 };
    return { value: 1 - m.passRate.value, lower: 1 - m.passRate.upper, upper: 1 - m.passRate.lower, n: m.n };
  },
};
