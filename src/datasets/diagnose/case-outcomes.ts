import type { StoredTrial } from '../../store/types.js';

export interface CaseOutcome {
  readonly caseId: string;
  /** Share of graded repeats where every score passed; undefined when no repeat was graded. */
  readonly pass?: number;
  /** Per grader: share of its graded repeats that passed. */
  readonly graders: ReadonlyMap<string, number>;
  readonly errors: number;
}

/**
 * Per-case pass shares from a run's trials. A repeat with a target error, or with any grader
 * error, counts as an error (never a fail); pending scores are left out.
 */
export async function caseOutcomes(trials: AsyncIterable<StoredTrial> | Iterable<StoredTrial>): Promise<Map<string, CaseOutcome>> {
  const acc = new Map<string, { passes: number; graded: number; errors: number; graders: Map<string, [number, number]> }>();
  for await (const t of trials) {
    const a = acc.get(t.caseId) ?? { passes: 0, graded: 0, errors: 0, graders: new Map<string, [number, number]>() };
    acc.set(t.caseId, a);
    if (t.error !== null) {
      a.errors++;
      continue;
    }
    const done = t.scores.filter((s) => !s.pending);
    for (const s of done) {
      if (s.error !== undefined) continue;
      const g = a.graders.get(s.grader) ?? [0, 0];
      g[0] += s.pass ? 1 : 0;
      g[1]++;
      a.graders.set(s.grader, g);
    }
    if (done.length === 0) continue;
    if (done.some((s) => s.error !== undefined)) {
      a.errors++;
      continue;
    }
    a.graded++;
    if (done.every((s) => s.pass === true)) a.passes++;
  }
  const out = new Map<string, CaseOutcome>();
  for (const [caseId, a] of acc) {
    out.set(caseId, {
      caseId,
      ...(a.graded > 0 && { pass: a.passes / a.graded }),
      graders: new Map([...a.graders].map(([g, [p, n]]) => [g, p / n])),
      errors: a.errors,
    });
  }
  return out;
}
