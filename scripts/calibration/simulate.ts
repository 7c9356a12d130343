/**
 * Building blocks of the calibration suite: random draws from a seeded generator and stored
 * trials built the way the runner stores them, so every estimate below goes through the
 * library's own folding, intervals, tests and gates.
 */
import { buildCaseTable, type CaseTable } from '../../src/analysis/compare/case-table.js';
import type { Rng } from '../../src/stats/index.js';
import type { StoredTrial } from '../../src/store/types.js';

export const GRADER = 'correct';

/** Bernoulli(p). */
export function bern(rng: Rng, p: number): boolean {
  return rng.next() < p;
}

/** Beta(a, 1) by inversion (mean a/(a+1)). */
export function betaA1(rng: Rng, a: number): number {
  return Math.pow(rng.next(), 1 / a);
}

export interface CaseSpec {
  readonly id: string;
  /** One entry per repeat: a pass (boolean) or a score in [0, 1]. */
  readonly outcomes: readonly (boolean | number)[];
  readonly weight?: number;
  readonly metadata?: Record<string, string>;
}

/** Stored trials of one run, one per case and repeat. */
export function trialsOf(runId: string, cases: readonly CaseSpec[]): StoredTrial[] {
  const out: StoredTrial[] = [];
  for (const c of cases) {
    c.outcomes.forEach((o, repeat) => {
      const score =
        typeof o === 'boolean'
          ? { grader: GRADER, value: o ? 1 : 0, pass: o }
          : { grader: GRADER, value: o, pass: o >= 0.5 };
      out.push({
        runId,
        caseId: c.id,
        repeat,
        output: { text: '' },
        scores: [score],
        error: null,
        startedAt: '2026-01-01T00:00:00.000Z',
        latencyMs: 1,
        slice: 'all',
        metadata: c.metadata ?? {},
        weight: c.weight ?? 1,
      });
    });
  }
  return out;
}

/** A run's case table, folded by the library from its stored trials. */
export function tableOf(runId: string, cases: readonly CaseSpec[]): CaseTable {
  return buildCaseTable(trialsOf(runId, cases));
}

export const caseId = (i: number): string => `c${String(i).padStart(5, '0')}`;

/**
 * A paired binary case: discordance ψ split into baseline-only (p10) and candidate-only (p01)
 * passes; concordant pairs both pass with probability `both` of the rest.
 */
export function pairedBinary(rng: Rng, p10: number, p01: number, both = 0.8): [boolean, boolean] {
  const u = rng.next();
  if (u < p10) return [true, false];
  if (u < p10 + p01) return [false, true];
  const pass = bern(rng, both);
  return [pass, pass];
}
