import { quantileSorted } from '../../stats/index.js';
import type { ScoreColumns } from './case-fold.js';
import { allCases, memoOf } from './measure.js';

// The run-wide half of the one metric pipeline (the graders' half is measure.ts): what a
// summary, a gate and every report show of a run's trials, tokens, latency and cost.

const runMeasures = new WeakMap<object, WeakMap<readonly number[], { measure?: RunMeasure }>>();

/** Run-wide figures over a set of cases: trials, errors, latency, tokens and cost. */
export interface RunMeasure {
  readonly cases: number;
  readonly trials: number;
  readonly targetErrors: number;
  /** Trials with a target error or any grader's error. */
  readonly erroredTrials: number;
  readonly errorRate: number;
  /** Over trials that reached the target (target errors have no response time to speak of). */
  readonly latencyMs: { readonly p50: number | null; readonly p95: number | null; readonly mean: number | null };
  readonly tokens: { readonly input: number; readonly output: number; readonly total: number; readonly judge: number };
  /**
   * `usd`: known target plus judge spend, null when nothing is known. It is a lower bound
   * whenever `unknownTrials` or `unknownJudgeCalls` is above 0 (`complete` false).
   */
  readonly cost: {
    readonly usd: number | null;
    readonly targetUsd: number | null;
    readonly judgeUsd: number | null;
    readonly unknownTrials: number;
    readonly unknownJudgeCalls: number;
    readonly complete: boolean;
  };
}

export function measureRunOn(fold: ScoreColumns, cases: readonly number[] = allCases(fold)): RunMeasure {
  const memo = memoOf(runMeasures, fold, cases, () => ({}) as { measure?: RunMeasure });
  return (memo.measure ??= measureRun(fold, cases));
}

function measureRun(fold: ScoreColumns, cases: readonly number[]): RunMeasure {
  const k = fold.costs;
  let trials = 0;
  let targetErrors = 0;
  let erroredTrials = 0;
  let input = 0;
  let output = 0;
  let judgeTokens = 0;
  let targetUsd = 0;
  let judgeUsd = 0;
  let unknownTrials = 0;
  let unknownJudgeCalls = 0;
  let knownTargetTrials = 0;
  let knownJudgeCalls = 0;
  let latencyCount = 0;
  // Indexed loops over columns held in locals: this runs once per summary, mostly before the
  // JIT has optimised it, where an iterator per case (and per grader) costs more than the sums.
  const { latencyStart, latencyMs, trialsPerCase, targetErrorsPerCase } = fold;
  const graderErrors = fold.graders.map((g) => g.errors);
  for (let j = 0; j < cases.length; j++) latencyCount += latencyStart[cases[j] + 1] - latencyStart[cases[j]];
  const sorted = new Float64Array(latencyCount);
  let l = 0;
  const { inputTokens, outputTokens, targetUnknown, judgeCalls, judgeUnknown } = k;
  for (let j = 0; j < cases.length; j++) {
    const i = cases[j];
    trials += trialsPerCase[i];
    targetErrors += targetErrorsPerCase[i];
    let worst = targetErrorsPerCase[i];
    for (let q = 0; q < graderErrors.length; q++) worst = Math.max(worst, graderErrors[q][i]);
    erroredTrials += worst;
    input += inputTokens[i];
    output += outputTokens[i];
    judgeTokens += k.judgeTokens[i];
    targetUsd += k.targetUsd[i];
    judgeUsd += k.judgeUsd[i];
    unknownTrials += targetUnknown[i];
    unknownJudgeCalls += judgeUnknown[i];
    knownTargetTrials += trialsPerCase[i] - targetErrorsPerCase[i] - targetUnknown[i];
    knownJudgeCalls += judgeCalls[i] - judgeUnknown[i];
    for (let t = latencyStart[i]; t < latencyStart[i + 1]; t++) sorted[l++] = latencyMs[t];
  }
  sorted.sort();
  let sum = 0;
  for (let t = 0; t < sorted.length; t++) sum += sorted[t];
  const anyKnown = knownTargetTrials + knownJudgeCalls > 0 || targetUsd + judgeUsd > 0;
  return {
    cases: cases.length,
    trials,
    targetErrors,
    erroredTrials,
    errorRate: trials === 0 ? Number.NaN : erroredTrials / trials,
    latencyMs: {
      p50: sorted.length ? quantileSorted(sorted, 0.5) : null,
      p95: sorted.length ? quantileSorted(sorted, 0.95) : null,
      mean: sorted.length ? sum / sorted.length : null,
    },
    tokens: { input, output, total: input + output, judge: judgeTokens },
    cost: {
      usd: anyKnown ? targetUsd + judgeUsd : null,
      targetUsd: knownTargetTrials > 0 || targetUsd > 0 ? targetUsd : null,
      judgeUsd: knownJudgeCalls > 0 ? judgeUsd : null,
      unknownTrials,
      unknownJudgeCalls,
      complete: unknownTrials + unknownJudgeCalls === 0,
    },
  };
}
