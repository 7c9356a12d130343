import type { StoredRun } from '../store/types.js';
import type { ScoreColumns } from './metrics/case-fold.js';
import type { ProblemCounts } from './pass-at-k.js';

/** The k values a run's config asks of a grader (`passAtK` on the grader), or none. */
export function configuredPassAtK(config: StoredRun['config'] | undefined, grader: string): readonly number[] {
  const graders = Array.isArray(config?.graders) ? (config.graders as { name?: unknown; passAtK?: unknown }[]) : [];
  const ks = graders.find((g) => g?.name === grader)?.passAtK;
  return Array.isArray(ks) ? ks.filter((k): k is number => Number.isInteger(k) && k > 0) : [];
}

/** Samples (usable scores) and passes of one grader on each of the given cases (the problems), from the one fold. */
export function problemCounts(fold: ScoreColumns, grader: string, cases: readonly number[]): ProblemCounts[] {
  const g = fold.graders.find((x) => x.name === grader);
  return cases.map((i) => (g ? { n: g.start[i + 1]! - g.start[i]!, c: g.passCount[i]! } : { n: 0, c: 0 }));
}
