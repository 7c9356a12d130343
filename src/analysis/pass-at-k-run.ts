import type { StoredRun } from '../store/types.js';
import type { CaseRow, CaseTable } from './compare/case-table.js';
import { estimatePassAtK, type PassAtKEstimate, type ProblemCounts } from './pass-at-k.js';

/** The k values a run's config asks of a grader (`passAtK` on the grader), or none. */
export function configuredPassAtK(config: StoredRun['config'], grader: string): readonly number[] {
  const graders = (config.graders as { name: string; passAtK?: number[] }[] | undefined) ?? [];
  return graders.find((g) => g.name === grader)?.passAtK ?? [];
}

/** Samples and passes of one grader on each case (the problem), from a case table. */
export function problemCounts(rows: readonly CaseRow[], grader: string): Map<string, ProblemCounts> {
  const counts = new Map<string, ProblemCounts>();
  for (const row of rows) {
    const passes = row.graders.get(grader)?.passes ?? [];
    counts.set(row.caseId, { n: passes.length, c: passes.filter(Boolean).length });
  }
  return counts;
}

/** pass@k of every grader that asks for it, over a run's case table (for reporters). */
export function passAtKOfTable(table: CaseTable, config: StoredRun['config'], alpha = 0.05): { grader: string; estimates: PassAtKEstimate[] }[] {
  return table.graders.flatMap((grader) => {
    const ks = configuredPassAtK(config, grader);
    if (ks.length === 0) return [];
    const problems = [...problemCounts([...table.cases.values()], grader).values()];
    return [{ grader, estimates: ks.map((k) => estimatePassAtK(problems, k, { alpha })) }];
  });
}
