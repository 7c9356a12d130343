import { positionReliability, type PairCaseTally, type PositionReliability } from '../stats/index.js';
import type { Store } from '../store/store.js';
import type { StoredRun, StoredTrial } from '../store/types.js';

/** A pairwise judge's reliability in one run (`RunSummary.pairwise`). */
export interface PairwiseGraderSummary extends PositionReliability {
  readonly grader: string;
}

/**
 * Streams a run's pairwise judge scores (`meta.positionConsistent`, label `tie`): per case, the
 * pairs judged, those whose verdict survived swapping the responses, and the ties.
 */
export class PairwiseTally {
  readonly #pairs = new Map<string, Map<string, { judged: number; consistent: number; ties: number }>>();
  readonly #graders: ReadonlySet<string>;

  constructor(graders: Iterable<string>) {
    this.#graders = new Set(graders);
  }

  add(trial: Pick<StoredTrial, 'caseId' | 'scores'>): void {
    for (const s of trial.scores) {
      const consistent = s.meta?.positionConsistent;
      if (!this.#graders.has(s.grader) || typeof consistent !== 'boolean' || s.error !== undefined) continue;
      let byCase = this.#pairs.get(s.grader);
      if (!byCase) this.#pairs.set(s.grader, (byCase = new Map()));
      const t = byCase.get(trial.caseId) ?? { judged: 0, consistent: 0, ties: 0 };
      t.judged++;
      if (consistent) t.consistent++;
      if (s.label === 'tie') t.ties++;
      byCase.set(trial.caseId, t);
    }
  }

  result(alpha: number): PairwiseGraderSummary[] {
    return [...this.#pairs].map(([grader, byCase]) => {
      const tallies: PairCaseTally[] = [...byCase.values()];
      return { grader, ...positionReliability(tallies, { alpha }) };
    });
  }
}

/** The `judge.pairwise` graders of a run, from the grader specs its eval file wrote. */
export function pairwiseGradersOf(run: Pick<StoredRun, 'config'>): string[] {
  const specs = (run.config.graderSpecs as { type?: unknown; name?: unknown }[] | undefined) ?? [];
  return specs
    .filter((s) => s?.type === 'judge.pairwise')
    .map((s) => (typeof s.name === 'string' ? s.name : 'judge.pairwise'));
}

/**
 * Position consistency and tie share of each pairwise judge of a run, and a warning for each
 * one that cannot be trusted. Reads the trials only when the run has a pairwise judge.
 */
export async function pairwiseOfRun(
  store: Store,
  run: Pick<StoredRun, 'runId' | 'config'>,
  alpha = 0.05,
): Promise<{ pairwise: PairwiseGraderSummary[]; warnings: string[] }> {
  const names = pairwiseGradersOf(run);
  if (names.length === 0) return { pairwise: [], warnings: [] };
  const tally = new PairwiseTally(names);
  for await (const trial of store.trials.iterate(run.runId, { withOutput: false })) tally.add(trial);
  const pairwise = tally.result(alpha);
  return { pairwise, warnings: pairwiseWarnings(pairwise) };
}

/** Summary warnings for pairwise judges whose verdicts cannot be trusted. */
export function pairwiseWarnings(pairwise: readonly PairwiseGraderSummary[]): string[] {
  return pairwise
    .filter((p) => !p.reliable)
    .map(
      (p) =>
        `${p.grader}: unreliable pairwise judge (${p.reasons.join('; ')}); ` +
        'its pass rate says nothing about the outputs.',
    );
}
