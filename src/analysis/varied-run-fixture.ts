// A run that varies everything the fold reads, for the tests that prove two read paths give
// the same fold to the bit (read-fold.test.ts: page by page against all at once;
// fold-snapshot/stored-fold.test.ts: stored against folded): weights, slices, metadata,
// repeats, target errors, grader errors, pending scores, judges with cost, reasons.
import type { Case, Score } from '../core/types.js';
import type { Store } from '../store/store.js';
import type { StoredRun, WriteTrialInput } from '../store/types.js';

export interface VariedRunOptions {
  readonly cases: number;
  /**
   * More variety: cases without metadata and a numeric field, a reason on every score, and
   * judge token counts. Off, the run is the one read-fold.test.ts pinned its digest on.
   */
  readonly rich: boolean;
}

const LANGS = ['en', 'fr', 'de'];

export function variedCases({ cases, rich }: VariedRunOptions): Case[] {
  return Array.from({ length: cases }, (_, i): Case => {
    const metadata = { lang: LANGS[i % 3], tier: i % 2 ? 'pro' : 'free' };
    return {
      id: `case-${String(i).padStart(2, '0')}${i % 9 === 0 ? 'é' : ''}`,
      input: `q${i}`,
      slice: i % 5 === 0 ? 'edge' : 'typical',
      metadata: !rich ? metadata : i % 10 === 7 ? {} : { ...metadata, n: i % 4 },
      weight: i % 4 === 0 ? 2 : 1,
    };
  });
}

function scoresOf(i: number, r: number, shift: number, rich: boolean): Score[] {
  const k = (i * 7 + r * 3 + shift) % 11;
  const scores: Score[] = [
    { grader: 'exact', value: k < 6 ? 1 : 0, pass: k < 6, ...(rich && { reason: `r${k}` }) },
    { grader: 'similar', value: ((k * 13) % 10) / 10, reason: rich ? `s${k}` : `r${k}` },
  ];
  if (k === 4) scores.push({ grader: 'expert', value: Number.NaN, pending: true });
  if (k === 9) scores[1] = { grader: 'similar', value: Number.NaN, error: 'grader crashed' };
  if (i % 6 === 0) {
    const judge = rich ? { costUsd: 0.001 * k, usage: { totalTokens: 10 + k } } : { costUsd: 0.001 * k };
    scores.push({ grader: 'judge', value: k / 10, pass: k > 3, meta: { judge } });
  }
  return scores;
}

/** Every trial of the run in case and repeat order; a seventh of the cases lack their last repeat. */
export function variedTrials(
  cases: readonly Case[],
  runId: string,
  shift: number,
  repeats: number,
  rich: boolean,
): WriteTrialInput[] {
  return cases.flatMap((c, i) =>
    Array.from({ length: repeats - (i % 7 === 0 ? 1 : 0) }, (_, r): WriteTrialInput => {
      const error = (i + r + shift) % 13 === 0 ? 'target timed out' : null;
      return {
        runId,
        caseId: c.id,
        repeat: r,
        startedAt: '2026-01-01T00:00:00Z',
        latencyMs: 5 + ((i * 31 + r) % 17),
        error,
        output: error
          ? null
          : { text: 'x', costUsd: i % 3 ? 0.01 : undefined, usage: { inputTokens: i, outputTokens: r } },
        scores: error ? [] : scoresOf(i, r, shift, rich),
      };
    }),
  );
}

/** Creates the run record of a varied run over dataset `d` version `v`, with this config. */
export async function createVariedRun(
  store: Store,
  runId: string,
  plannedTrials: number,
  config: StoredRun['config'],
): Promise<void> {
  await store.runs.create({
    runId,
    eval: 'e',
    datasetName: 'd',
    datasetVersion: 'v',
    target: { kind: 'function' },
    gitCommit: null,
    startedAt: '2026-01-01T00:00:00Z',
    config,
    plannedTrials,
  });
}
