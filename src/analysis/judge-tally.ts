import type { Score } from '../core/types.js';
import { positionReliability, type PairCaseTally, type PositionReliability } from '../stats/index.js';
import type { StoredTrial } from '../store/types.js';

/** A pairwise judge's reliability in one run (`RunSummary.pairwise`). */
export interface PairwiseGraderSummary extends PositionReliability {
  readonly grader: string;
}

/** What model judges cost in a run: known spend, and scores whose price is unknown. */
export interface JudgeSpend {
  readonly usd: number;
  /** Judge scores with a known cost. */
  readonly known: number;
  /** Judge scores that called a model whose price is unknown: the run's spend is then unknown too. */
  readonly unknown: number;
  readonly tokens: number;
}

/** The cost of one score's judge calls: a number, null when a price is unknown, undefined when no judge was called. */
export function judgeCostOf(score: Score): number | null | undefined {
  const judge = score.meta?.judge as { costUsd?: unknown; calls?: unknown } | undefined;
  if (judge === null || typeof judge !== 'object') return undefined;
  if (typeof judge.costUsd === 'number' && Number.isFinite(judge.costUsd)) return judge.costUsd;
  return judge.calls === 0 ? undefined : null;
}

/**
 * Streams a run's judge scores: spend (unknown prices stay unknown) and, for pairwise judges
 * (scores with `meta.positionConsistent`), position consistency and ties per case.
 */
export class JudgeTally {
  readonly #pairs = new Map<string, Map<string, { judged: number; consistent: number; ties: number }>>();
  #usd = 0;
  #known = 0;
  #unknown = 0;
  #tokens = 0;

  add(trial: Pick<StoredTrial, 'caseId' | 'scores'>): void {
    for (const s of trial.scores) {
      const cost = judgeCostOf(s);
      if (typeof cost === 'number') {
        this.#usd += cost;
        this.#known++;
      } else if (cost === null) this.#unknown++;
      const tokens = (s.meta?.judge as { usage?: { totalTokens?: unknown } } | undefined)?.usage?.totalTokens;
      if (typeof tokens === 'number') this.#tokens += tokens;
      const consistent = s.meta?.positionConsistent;
      if (typeof consistent !== 'boolean' || s.error !== undefined) continue;
      let byCase = this.#pairs.get(s.grader);
      if (!byCase) this.#pairs.set(s.grader, (byCase = new Map()));
      const t = byCase.get(trial.caseId) ?? { judged: 0, consistent: 0, ties: 0 };
      t.judged++;
      if (consistent) t.consistent++;
      if (s.label === 'tie') t.ties++;
      byCase.set(trial.caseId, t);
    }
  }

  spend(): JudgeSpend {
    return { usd: this.#usd, known: this.#known, unknown: this.#unknown, tokens: this.#tokens };
  }

  pairwise(alpha: number): PairwiseGraderSummary[] {
    return [...this.#pairs].map(([grader, byCase]) => {
      const tallies: PairCaseTally[] = [...byCase.values()];
      return { grader, ...positionReliability(tallies, { alpha }) };
    });
  }
}

/** Summary warnings for pairwise judges whose verdicts cannot be trusted. */
export function pairwiseWarnings(pairwise: readonly PairwiseGraderSummary[]): string[] {
  return pairwise.filter((p) => !p.reliable).map((p) => `${p.grader}: unreliable pairwise judge (${p.reasons.join('; ')}); `
    + 'its pass rate says nothing about the outputs.');
}
