import { AssayError } from '../../core/errors.js';
import type { GraderContext } from '../grader.js';

/**
 * Runs a judge's model calls under the eval's `timeoutMs` (in `ctx.timeoutMs`): the calls get
 * a signal that aborts at the deadline or when the run is cancelled, and the grader fails with
 * `JUDGE_TIMEOUT` instead of holding the trial through every retry of a hanging judge.
 *
 * @example
 * const reply = await withJudgeDeadline('tone', ctx, (signal) => model.chat(request, { signal, useCache }));
 */
export async function withJudgeDeadline<T>(
  grader: string,
  ctx: GraderContext,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const ms = ctx.timeoutMs;
  if (ms === undefined || !(ms > 0)) return call(ctx.signal);
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new AssayError(
        'JUDGE_TIMEOUT',
        `Judge '${grader}' did not answer within ${ms} ms (the eval's timeoutMs).`,
        {
          hint: 'Raise timeoutMs in the eval file (or --timeout), or check that the judge endpoint responds.',
        },
      );
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([call(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onAbort);
  }
}
