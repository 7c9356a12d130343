import type { Case, Score, TargetOutput } from '../core/types.js';
import { withLazySignal } from '../core/lazy-signal.js';
import type { Grader, GraderContext } from './grader.js';

/** Graders get a minute per trial unless the eval (`graderTimeoutMs`) or the grader (`timeoutMs`) says otherwise. */
export const DEFAULT_GRADER_TIMEOUT_MS = 60_000;

class GraderTimeout extends Error {}

/**
 * Runs one grader and turns whatever happens into a `Score`: a throw, an out-of-range value
 * or a call that does not settle within its timeout becomes an error score (NaN value,
 * `error` set), so it can never count as a pass and never holds the run.
 */
export async function runGrader(
  grader: Grader,
  testCase: Case,
  output: TargetOutput,
  ctx: GraderContext,
  options: { readonly timeoutMs?: number } = {},
): Promise<Score> {
  const timeoutMs = grader.timeoutMs ?? options.timeoutMs ?? DEFAULT_GRADER_TIMEOUT_MS;
  // The grader's own signal aborts on the run's cancellation and on its timeout. It is made
  // only when the grader reads it: a rule grader never does, and an AbortSignal and its
  // listener cost more than most rules' whole check (thousands of trials × graders per run).
  let controller: AbortController | undefined;
  const onRunAbort = () => controller?.abort(ctx.signal.reason);
  const gradeCtx: GraderContext = withLazySignal(
    {
      runId: ctx.runId,
      repeat: ctx.repeat,
      useCache: ctx.useCache,
      previousScores: ctx.previousScores,
      timeoutMs: ctx.timeoutMs,
      claimAuditSlot: ctx.claimAuditSlot,
    },
    () => {
      if (controller === undefined) {
        controller = new AbortController();
        if (ctx.signal.aborted) controller.abort(ctx.signal.reason);
        else ctx.signal.addEventListener('abort', onRunAbort, { once: true });
      }
      return controller.signal;
    },
  );
  let timer: NodeJS.Timeout | undefined;
  try {
    // A grader that answers at once (most rules) needs no deadline: it could not be stopped anyway.
    const graded = grader.grade(testCase, output, gradeCtx);
    const result = isPromise(graded)
      ? await Promise.race([
          graded,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              const error = new GraderTimeout(`timed out after ${timeoutMs} ms`);
              // Made here if not yet, so a grader that reads its signal later still sees it aborted.
              (controller ??= new AbortController()).abort(error);
              reject(error);
            }, timeoutMs);
          }),
        ])
      : graded;
    if (result.pending) {
      return { grader: grader.name, value: Number.NaN, pending: true, reason: result.reason, meta: result.meta };
    }
    const value = result.value as unknown;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
      return {
        grader: grader.name,
        value: Number.NaN,
        error: `Grader '${grader.name}' returned ${formatValue(value)}; scores must be numbers between 0 and 1.`,
        meta: result.meta,
      };
    }
    const pass = typeof result.pass === 'boolean' ? result.pass : value >= (grader.threshold ?? 1);
    const score: { -readonly [K in keyof Score]: Score[K] } = { grader: grader.name, value, pass };
    if (result.label !== undefined) score.label = result.label;
    if (result.reason !== undefined) score.reason = result.reason;
    if (result.meta !== undefined) score.meta = result.meta;
    return score;
  } catch (error) {
    if (error instanceof GraderTimeout) {
      return {
        grader: grader.name,
        value: Number.NaN,
        error: `Grader '${grader.name}' ${error.message} (raise graderTimeoutMs in the eval, or timeoutMs on the grader).`,
      };
    }
    const message = error instanceof Error ? error.message : String(error);
    // A grader may attach what it saw (a judge's raw reply) to the error it throws.
    const meta = (error as { meta?: unknown } | null)?.meta;
    return {
      grader: grader.name,
      value: Number.NaN,
      error: `Grader '${grader.name}' failed: ${message}`,
      ...(meta !== null && typeof meta === 'object' && { meta: meta as Record<string, unknown> }),
    };
  } finally {
    clearTimeout(timer);
    if (controller !== undefined) ctx.signal.removeEventListener('abort', onRunAbort);
  }
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function formatValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'no value';
  return JSON.stringify(value) ?? String(value);
}
