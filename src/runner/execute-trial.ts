import { isConversation, type Case, type Score, type TargetOutput } from '../core/types.js';
import type { Grader, GraderContext } from '../graders/grader.js';
import { runGrader } from '../graders/run-grader.js';
import { canonicalJson } from '../core/hash.js';
import { createStopper, withLazySignal } from '../core/lazy-signal.js';
import { gradeConversation } from './conversation/grade-conversation.js';
import { playConversation, type PlayedConversation } from './conversation/play-conversation.js';
import type { WriteTrialInput } from '../store/types.js';
import type { AgentSetup } from '../targets/agent-setup.js';
import { outputAccountingProblem } from '../targets/output/output-accounting.js';
import type { Target, TargetContext } from '../targets/target.js';

export interface TrialPlan {
  readonly runId: string;
  readonly testCase: Case;
  readonly repeat: number;
  readonly target: Target;
  readonly graders: readonly Grader[];
  readonly timeoutMs: number;
  /** Per grader call, unless the grader sets its own `timeoutMs`. */
  readonly graderTimeoutMs?: number;
  readonly useCache: boolean;
  /** The run's cancellation signal. */
  readonly signal: AbortSignal;
  /** The store-backed audit sample (see `GraderContext.claimAuditSlot`). */
  readonly claimAuditSlot?: GraderContext['claimAuditSlot'];
  /** Tools, step limit, image folder and simulated-user model of the eval. */
  readonly agent?: AgentSetup;
  /** Graders named by conversation turns (`turns[i].graders`), built once, by their spec's canonical JSON. */
  readonly turnGraders?: ReadonlyMap<string, Grader>;
}

/** Thrown out of `executeTrial` when the run was cancelled mid-trial: such a trial is not stored. */
export class TrialCancelled extends Error {
  constructor() {
    super('The run was cancelled before this trial finished.');
    this.name = 'TrialCancelled';
  }
}

/**
 * Calls the target once and grades the output. A target error or timeout makes the trial an
 * error (with the reason) instead of failing the run; graders then do not run.
 */
export async function executeTrial(plan: TrialPlan): Promise<WriteTrialInput> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  // The trial stops on its timeout or on the run's cancellation, whether or not the target
  // listens. The target's own signal is made only when it reads it: an instant target (a
  // function, a replay, a mock) never does, and an AbortSignal costs more than its whole call.
  // Built-in HTTP targets listen through `onStop` instead and never make it (see OnStop).
  // Linked to the run's signal through its one listener for every trial in flight (see
  // onRunStop; AbortSignal.any keeps dependants alive on a long-lived parent in Node 20).
  let controller: AbortController | undefined;
  const stopper = createStopper();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    stopper.stop(new Error('timeout'));
  }, plan.timeoutMs);
  const offRunStop = onRunStop(plan.signal, stopper.stop);
  let output: TargetOutput;
  let played: PlayedConversation | undefined;
  const agent = plan.agent;
  // Objects of the hot path are written out field by field: in Node 20 an object spread with
  // added fields (`{ ...a, b }`) costs several times a literal and leaves garbage that the GC
  // promotes; the signal's getter is shared, not one per context (see withLazySignal).
  const targetCtx: { -readonly [K in keyof TargetContext]: TargetContext[K] } = withLazySignal(
    { runId: plan.runId, repeat: plan.repeat, useCache: plan.useCache, onStop: stopper.onStop },
    () => {
      if (controller === undefined) {
        const made = new AbortController();
        controller = made;
        stopper.onStop((reason) => made.abort(reason));
      }
      return controller.signal;
    },
  );
  if (agent?.tools) {
    targetCtx.tools = agent.tools;
    targetCtx.maxSteps = agent.maxSteps;
  }
  if (agent) targetCtx.datasetDir = agent.datasetDir;
  // Settles as soon as the trial stops, even if the target ignores its signal.
  const untilStopped = <T>(promise: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      stopper.onStop(reject);
      promise.then(resolve, reject);
    });
  try {
    if (plan.signal.aborted) throw new TrialCancelled();
    if (isConversation(plan.testCase)) {
      played = await untilStopped(playConversation(plan.target, plan.testCase, targetCtx, agent));
      output = played.output;
    } else {
      output = await untilStopped(plan.target.call(plan.testCase, targetCtx));
    }
  } catch (error) {
    if (plan.signal.aborted) throw new TrialCancelled();
    const latencyMs = performance.now() - started;
    const reason = timedOut
      ? `Target timed out after ${plan.timeoutMs} ms (raise timeoutMs in the eval file or --timeout).`
      : `Target failed: ${error instanceof Error ? error.message : String(error)}`;
    return trialRecord(plan, startedAt, null, [], reason, latencyMs);
  } finally {
    clearTimeout(timer);
    offRunStop();
  }
  // Numbers the stores keep as numbers are checked here, for every kind of target: a bad one
  // makes this trial an error rather than failing the batch it would be written in.
  const problem = outputAccountingProblem(output);
  if (problem !== undefined) {
    return trialRecord(
      plan,
      startedAt,
      null,
      [],
      `Target returned an output that cannot be stored: ${problem}.`,
      performance.now() - started,
    );
  }
  const latencyMs = output.latencyMs ?? performance.now() - started;
  const scores: Score[] = [];
  const ctx = {
    signal: plan.signal,
    runId: plan.runId,
    repeat: plan.repeat,
    useCache: plan.useCache,
    timeoutMs: plan.timeoutMs,
    claimAuditSlot: plan.claimAuditSlot,
  };
  const grade = async (grader: Grader, testCase: Case, graded: TargetOutput): Promise<Score> => {
    const gradeCtx: GraderContext = {
      signal: ctx.signal,
      runId: ctx.runId,
      repeat: ctx.repeat,
      useCache: ctx.useCache,
      timeoutMs: ctx.timeoutMs,
      claimAuditSlot: ctx.claimAuditSlot,
      previousScores: scores.slice(),
    };
    const score = await runGrader(grader, testCase, graded, gradeCtx, { timeoutMs: plan.graderTimeoutMs });
    if (plan.signal.aborted) throw new TrialCancelled();
    return score;
  };
  if (played) {
    scores.push(
      ...(await gradeConversation(plan.testCase, played, plan.graders, plan.turnGraders, grade, canonicalJson)),
    );
  } else {
    for (const grader of plan.graders) scores.push(await grade(grader, plan.testCase, output));
  }
  return trialRecord(plan, startedAt, Object.assign({}, output, { latencyMs }), scores, null, latencyMs);
}

/** The stops of the trials in flight, by run signal: one listener on the run's signal for all of them. */
const inFlight = new WeakMap<AbortSignal, Set<(reason: unknown) => void>>();

/**
 * Calls `stop` with the run signal's reason when it aborts; returns the remover. Adding a
 * listener to an AbortSignal and removing it costs several µs a trial in Node 20; a set does not.
 */
function onRunStop(signal: AbortSignal, stop: (reason: unknown) => void): () => void {
  let stops = inFlight.get(signal);
  if (stops === undefined) {
    const created = new Set<(reason: unknown) => void>();
    stops = created;
    inFlight.set(signal, created);
    signal.addEventListener(
      'abort',
      () => {
        for (const f of [...created]) f(signal.reason);
      },
      { once: true },
    );
  }
  if (signal.aborted) {
    stop(signal.reason);
    return () => undefined;
  }
  const set = stops;
  set.add(stop);
  return () => set.delete(stop);
}

function trialRecord(
  plan: TrialPlan,
  startedAt: string,
  output: TargetOutput | null,
  scores: Score[],
  error: string | null,
  latencyMs: number,
): WriteTrialInput {
  return {
    runId: plan.runId,
    caseId: plan.testCase.id,
    repeat: plan.repeat,
    startedAt,
    output,
    scores,
    error,
    latencyMs,
  };
}
