import { AssayError } from '../../core/errors.js';
import type { Case } from '../../core/types.js';
import { binomialTest, positionReliability, wilsonInterval, type PairCaseTally } from '../../stats/index.js';
import type { Store } from '../../store/store.js';
import type { StoredTrial } from '../../store/types.js';
import type { ChatModel } from '../../targets/chat-model.js';
import { callMeta } from './create-judge-grader.js';
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
  /** Below this position consistency the result is marked unreliable (default 0.6). */
  readonly minPositionConsistency?: number;
}

/** One judged pair: a (case, repeat) trial of each run. */
export interface PairwiseCaseResult {
  readonly caseId: string;
  readonly repeat: number;
  readonly winner: PairWinner | null;
  readonly consistent: boolean | null;
  readonly orders: readonly [PairWinner, PairWinner] | null;
  readonly error?: string;
  /** On an error: the judge's replies that did arrive, as text. */
  readonly raw?: readonly string[];
  /** What the judge calls of this pair cost; null when a price is unknown. */
  readonly costUsd: number | null;
}

export interface PairwiseComparison {
  readonly grader: string;
  readonly baselineRunId: string;
  readonly candidateRunId: string;
  /** Pairs judged without error. */
  readonly pairs: number;
  /** Cases with at least one pair judged without error: the unit of the counts and the test below. */
  readonly casesCompared: number;
  /** Cases the candidate won: the mean verdict over the case's repeats (win 1, tie ½, loss 0) is above ½. */
  readonly candidateWins: number;
  readonly baselineWins: number;
  readonly ties: number;
  /** Pairs whose judging failed (see `cases[].error` and `cases[].raw`). */
  readonly errors: number;
  /** Mean over cases of the share of pairs whose verdict survived the swap, Wilson interval on the cases. */
  readonly positionConsistency: { readonly value: number; readonly lower: number; readonly upper: number };
  /** Mean over cases of the share of pairs that ended in a tie. */
  readonly tieShare: { readonly value: number; readonly lower: number; readonly upper: number };
  /** False when the judge's verdicts depend on the order or it hardly ever decides: then read no verdict into it. */
  readonly reliable: boolean;
  readonly warnings: readonly string[];
  /** Candidate wins among decisive cases (ties left out), Wilson interval. */
  readonly candidateWinRate: { readonly value: number; readonly lower: number; readonly upper: number };
  /** Exact two-sided sign test of case wins against case losses. */
  readonly pValue: number;
  readonly verdict: 'candidate-better' | 'baseline-better' | 'no-detectable-difference';
  /** What the judge calls cost: `usd` is null when any call's price is unknown (never a silent 0). */
  readonly cost: { readonly usd: number | null; readonly calls: number; readonly unknownCalls: number };
  /** Every judged pair, one per shared (case, repeat). */
  readonly cases: readonly PairwiseCaseResult[];
}

/**
 * Judges the outputs of two runs pairwise on their shared (case, repeat) trials, each pair in
 * both orders: a win counts only when both orders agree, otherwise a tie. The case is the unit:
 * repeats of a case are averaged into one case verdict before counting and the sign test. Reports
 * wins, ties, position consistency and tie share (below `minPositionConsistency`, or with nearly
 * only ties, the result is marked unreliable), the judge's cost and a sign test. Used by
 * `assay compare … --pairwise <grader>`.
 *
 * @example
 * const result = await pairwiseCompare(store, { baselineRunId: 'run_a', candidateRunId: 'run_b', grader: 'preference' });
 * result.candidateWins; result.positionConsistency.value;
 */
export async function pairwiseCompare(store: Store, options: PairwiseCompareOptions): Promise<PairwiseComparison> {
  const spec: JudgeGraderSpec =
    typeof options.grader === 'string' ? { type: 'judge.pairwise', name: options.grader } : options.grader;
  if (spec.type !== 'judge.pairwise') {
    throw new AssayError(
      'NOT_A_PAIRWISE_JUDGE',
      `Grader '${spec.name ?? spec.type}' is ${spec.type}; pairwise comparison needs a judge.pairwise grader.`,
      { hint: 'Pass a grader of type judge.pairwise, or just a name to use the default pairwise prompt.' },
    );
  }
  const definition = pairwiseJudge(spec);
  const model = isChatModel(options.judge)
    ? options.judge
    : createJudgeModel(options.judge ?? spec.judge, { env: options.env ?? process.env }, definition.name);
  const [baseline, candidate] = await Promise.all([
    loadRun(store, options.baselineRunId),
    loadRun(store, options.candidateRunId),
  ]);
  const baseTrials = new Map((await store.trials.list(baseline.runId)).map((t) => [`${t.caseId}\u0000${t.repeat}`, t]));
  const shared: [StoredTrial, StoredTrial][] = [];
  for (const t of await store.trials.list(candidate.runId)) {
    const b = baseTrials.get(`${t.caseId}\u0000${t.repeat}`);
    if (b && b.output && t.output && b.error === null && t.error === null) shared.push([b, t]);
  }
  if (shared.length === 0) {
    throw new AssayError(
      'NO_SHARED_TRIALS',
      `Runs ${baseline.runId} and ${candidate.runId} share no case with an output in both.`,
      { hint: 'Compare two runs of the same dataset.' },
    );
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
        const v = await definition.judgePair(model, testCase, outputText(b.output ?? {}), outputText(c.output ?? {}), {
          signal,
          useCache: options.useCache ?? true,
        });
        const costOf = callMeta(model, v.replies);
        cases[i] = {
          caseId: c.caseId,
          repeat: c.repeat,
          winner: v.winner,
          consistent: v.consistent,
          orders: v.orders,
          costUsd: costOf.costUsd,
        };
        spent.push({ calls: v.replies.length, usd: costOf.costUsd });
      } catch (error) {
        const meta = (error as { meta?: { raw?: unknown; judge?: { costUsd?: number | null; calls?: number } } }).meta;
        const raw = meta?.raw === undefined ? [] : Array.isArray(meta.raw) ? meta.raw.map(String) : [String(meta.raw)];
        const costUsd = meta?.judge?.costUsd ?? null;
        spent.push({ calls: meta?.judge?.calls ?? 0, usd: costUsd });
        cases[i] = {
          caseId: c.caseId,
          repeat: c.repeat,
          winner: null,
          consistent: null,
          orders: null,
          error: error instanceof Error ? error.message : String(error),
          ...(raw.length > 0 && { raw }),
          costUsd,
        };
      }
    }
  };
  const spent: { calls: number; usd: number | null }[] = [];
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, shared.length)) }, worker));
  return summarisePairs(definition.name, baseline.runId, candidate.runId, cases, spent, options);
}

const VALUE: Readonly<Record<PairWinner, number>> = { candidate: 1, tie: 0.5, baseline: 0 };

/** Folds the judged pairs per case (the unit), then counts, tests and checks the judge's reliability. */
function summarisePairs(
  grader: string,
  baselineRunId: string,
  candidateRunId: string,
  cases: readonly PairwiseCaseResult[],
  spent: readonly { calls: number; usd: number | null }[],
  options: PairwiseCompareOptions,
): PairwiseComparison {
  const alpha = options.alpha ?? 0.05;
  const byCase = new Map<string, PairwiseCaseResult[]>();
  for (const c of cases) if (c.winner !== null) byCase.set(c.caseId, [...(byCase.get(c.caseId) ?? []), c]);
  let wins = 0;
  let losses = 0;
  const tallies: PairCaseTally[] = [];
  for (const pairs of byCase.values()) {
    const meanValue = pairs.reduce((s, p) => s + VALUE[p.winner as PairWinner], 0) / pairs.length;
    if (meanValue > 0.5) wins++;
    else if (meanValue < 0.5) losses++;
    tallies.push({
      judged: pairs.length,
      consistent: pairs.filter((p) => p.consistent).length,
      ties: pairs.filter((p) => p.winner === 'tie').length,
    });
  }
  const reliability = positionReliability(tallies, {
    alpha,
    ...(options.minPositionConsistency !== undefined && { minConsistency: options.minPositionConsistency }),
  });
  const pValue = wins + losses === 0 ? 1 : binomialTest(wins, wins + losses, 0.5).pvalue;
  const w = wilsonInterval(wins, wins + losses, alpha);
  const errors = cases.filter((c) => c.winner === null).length;
  const warnings = reliability.reasons.map((r) => `Pairwise judge '${grader}' is unreliable here: ${r}.`);
  if (errors > 0)
    warnings.push(
      `${errors} pair${errors === 1 ? '' : 's'} could not be judged (judge errors): left out of the counts.`,
    );
  const calls = spent.reduce((s, c) => s + c.calls, 0);
  const unknownCalls = spent.filter((c) => c.usd === null).reduce((s, c) => s + c.calls, 0);
  return {
    grader,
    baselineRunId,
    candidateRunId,
    pairs: cases.length - errors,
    casesCompared: byCase.size,
    candidateWins: wins,
    baselineWins: losses,
    ties: byCase.size - wins - losses,
    errors,
    positionConsistency: reliability.positionConsistency,
    tieShare: reliability.tieShare,
    reliable: reliability.reliable,
    warnings,
    candidateWinRate: { value: w.value, lower: w.lower, upper: w.upper },
    pValue,
    verdict: pValue < alpha ? (wins > losses ? 'candidate-better' : 'baseline-better') : 'no-detectable-difference',
    cost: { usd: unknownCalls > 0 ? null : spent.reduce((s, c) => s + (c.usd ?? 0), 0), calls, unknownCalls },
    cases,
  };
}

async function loadRun(store: Store, runId: string) {
  const run = await store.runs.get(runId);
  if (!run)
    throw new AssayError('RUN_NOT_FOUND', `No run '${runId}' in ${store.location}.`, {
      hint: 'List runs with `assay runs` (and check --store).',
    });
  return run;
}

function fallbackCase(t: StoredTrial): Case {
  return { id: t.caseId, input: '(input not stored)', slice: t.slice, metadata: t.metadata, weight: t.weight };
}

function isChatModel(value: unknown): value is ChatModel {
  return value !== null && typeof value === 'object' && typeof (value as ChatModel).chat === 'function';
}
