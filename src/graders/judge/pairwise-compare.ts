import { AssayError } from '../../core/errors.js';
import type { Case } from '../../core/types.js';
import { binomialTest, wilsonInterval } from '../../stats/index.js';
import type { Store } from '../../store/store.js';
import type { StoredTrial } from '../../store/types.js';
import type { ChatModel } from '../../targets/chat-model.js';
import type { JudgeGraderSpec } from './judge-graders.js';
import { createJudgeModel } from './judge-model.js';
import { pairwiseJudge, type PairWinner } from './pairwise-judge.js';
import { outputText } from './prompt-parts.js';

export interface PairwiseCompareOptions {
  readonly baselineRunId: string;
  readonly candidateRunId: string;
  /** A name for the comparison, or a `judge.pairwise` spec (criteria, judge…). */
  readonly grader: string | JudgeGraderSpec;
  /** The judge model: a `judge:` block or a ready `ChatModel`; default the grader spec's, then `ASSAY_JUDGE_*`. */
  readonly judge?: unknown;
  readonly env?: NodeJS.ProcessEnv;
  readonly concurrency?: number;
  readonly useCache?: boolean;
  readonly signal?: AbortSignal;
  readonly alpha?: number;
}

export interface PairwiseCaseResult {
  readonly caseId: string;
  readonly repeat: number;
  readonly winner: PairWinner | null;
  readonly consistent: boolean | null;
  readonly orders: readonly [PairWinner, PairWinner] | null;
  readonly error?: string;
}

export interface PairwiseComparison {
  readonly grader: string;
  readonly baselineRunId: string;
  readonly candidateRunId: string;
  /** Pairs judged without error. */
  readonly pairs: number;
  readonly candidateWins: number;
  readonly baselineWins: number;
  readonly ties: number;
  readonly errors: number;
  /** Share of pairs whose verdict survived the swap, Wilson interval. */
  readonly positionConsistency: { readonly value: number; readonly lower: number; readonly upper: number };
  /** Candidate wins among decisive pairs (ties left out), Wilson interval. */
  readonly candidateWinRate: { readonly value: number; readonly lower: number; readonly upper: number };
  /** Exact two-sided sign test of wins against losses. */
  readonly pValue: number;
  readonly verdict: 'candidate-better' | 'baseline-better' | 'no-detectable-difference';
  readonly cases: readonly PairwiseCaseResult[];
}

/**
 * Judges the outputs of two runs pairwise on their shared (case, repeat) trials, each pair in
 * both orders: a win counts only when both orders agree, otherwise a tie. Reports wins, ties,
 * the position-consistency rate and a sign test. Used by `assay compare … --pairwise <grader>`.
 *
 * @example
 * const result = await pairwiseCompare(store, { baselineRunId: 'run_a', candidateRunId: 'run_b', grader: 'preference' });
 * result.candidateWins; result.positionConsistency.value;
 */
export async function pairwiseCompare(store: Store, options: PairwiseCompareOptions): Promise<PairwiseComparison> {
  const spec: JudgeGraderSpec = typeof options.grader === 'string' ? { type: 'judge.pairwise', name: options.grader } : options.grader;
  if (spec.type !== 'judge.pairwise') {
    throw new AssayError('NOT_A_PAIRWISE_JUDGE', `Grader '${spec.name ?? spec.type}' is ${spec.type}; pairwise comparison needs a judge.pairwise grader.`, { hint: 'Pass a grader of type judge.pairwise, or just a name to use the default pairwise prompt.' });
  }
  const definition = pairwiseJudge(spec);
  const model = isChatModel(options.judge) ? options.judge : createJudgeModel(options.judge ?? spec.judge, { env: options.env ?? process.env }, definition.name);
  const [baseline, candidate] = await Promise.all([loadRun(store, options.baselineRunId), loadRun(store, options.candidateRunId)]);
  const baseTrials = new Map((await store.trials.list(baseline.runId)).map((t) => [`${t.caseId}\u0000${t.repeat}`, t]));
  const shared: [StoredTrial, StoredTrial][] = [];
  for (const t of await store.trials.list(candidate.runId)) {
    const b = baseTrials.get(`${t.caseId}\u0000${t.repeat}`);
    if (b && b.output && t.output && b.error === null && t.error === null) shared.push([b, t]);
  }
  if (shared.length === 0) {
    throw new AssayError('NO_SHARED_TRIALS', `Runs ${baseline.runId} and ${candidate.runId} share no case with an output in both.`, { hint: 'Compare two runs of the same dataset.' });
  }
  const signal = options.signal ?? new AbortController().signal;
  const cases: PairwiseCaseResult[] = new Array(shared.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < shared.length) {
      const i = next++;
      const [b, c] = shared[i];
      const testCase = (await store.datasets.getCase(candidate.datasetVersion, c.caseId)) ?? fallbackCase(c);
      try {
        const v = await definition.judgePair(model, testCase, outputText(b.output ?? {}), outputText(c.output ?? {}), { signal, useCache: options.useCache ?? true });
        cases[i] = { caseId: c.caseId, repeat: c.repeat, winner: v.winner, consistent: v.consistent, orders: v.orders };
      } catch (error) {
        cases[i] = { caseId: c.caseId, repeat: c.repeat, winner: null, consistent: null, orders: null, error: error instanceof Error ? error.message : String(error) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, shared.length)) }, worker));
  const judged = cases.filter((c) => c.winner !== null);
  const wins = judged.filter((c) => c.winner === 'candidate').length;
  const losses = judged.filter((c) => c.winner === 'baseline').length;
  const consistent = judged.filter((c) => c.consistent).length;
  const alpha = options.alpha ?? 0.05;
  const pValue = wins + losses === 0 ? 1 : binomialTest(wins, wins + losses, 0.5).pvalue;
  const interval = (x: number, n: number) => {
    const w = wilsonInterval(x, n, alpha);
    return { value: w.value, lower: w.lower, upper: w.upper };
  };
  return {
    grader: definition.name,
    baselineRunId: baseline.runId,
    candidateRunId: candidate.runId,
    pairs: judged.length,
    candidateWins: wins,
    baselineWins: losses,
    ties: judged.length - wins - losses,
    errors: cases.length - judged.length,
    positionConsistency: interval(consistent, judged.length),
    candidateWinRate: interval(wins, wins + losses),
    pValue,
    verdict: pValue < alpha ? (wins > losses ? 'candidate-better' : 'baseline-better') : 'no-detectable-difference',
    cases,
  };
}

async function loadRun(store: Store, runId: string) {
  const run = await store.runs.get(runId);
  if (!run) throw new AssayError('RUN_NOT_FOUND', `No run '${runId}' in ${store.location}.`, { hint: 'List runs with `assay runs` (and check --store).' });
  return run;
}

function fallbackCase(t: StoredTrial): Case {
  return { id: t.caseId, input: '(input not stored)', slice: t.slice, metadata: t.metadata, weight: t.weight };
}

function isChatModel(value: unknown): value is ChatModel {
  return value !== null && typeof value === 'object' && typeof (value as ChatModel).chat === 'function';
}
