import type { WriteTrialInput } from '../store/types.js';
import { executeTrial, TrialCancelled } from './execute-trial.js';
import type { ExecutionContext, Executor } from './executor.js';
import { auditSlotsOf, createPendingReviews } from './pending-reviews.js';
import { TrialWriter } from './trial-writer.js';
import { runPool } from './worker-pool.js';

/** The default executor: a bounded pool in this process, each finished trial streamed to the store. */
export function localExecutor(): Executor {
  return { kind: 'local', execute: executeLocally };
}

async function executeLocally(context: ExecutionContext): Promise<void> {
  const { store, runId, eval: ev, signal, progress } = context;
  const writer = new TrialWriter(store);
  const claimAuditSlot = auditSlotsOf(store, runId);
  let failure: unknown;
  try {
    await runPool(
      context.pending,
      ev.concurrency,
      async ({ testCase, repeat }) => {
        let trial: WriteTrialInput;
        try {
          trial = await executeTrial({
            runId,
            testCase,
            repeat,
            target: ev.target,
            graders: ev.graders,
            timeoutMs: ev.timeoutMs,
            graderTimeoutMs: ev.graderTimeoutMs,
            useCache: context.useCache,
            signal,
            claimAuditSlot,
            agent: ev.agent,
            turnGraders: ev.turnGraders,
          });
        } catch (error) {
          if (error instanceof TrialCancelled) return;
          throw error;
        }
        await writer.add(trial);
        await createPendingReviews(store, trial);
        progress.trialDone(trial, testCase);
      },
      () => signal.aborted || failure !== undefined,
    );
  } catch (error) {
    failure = error;
  }
  try {
    await writer.flush();
  } catch (error) {
    failure ??= error;
  }
  if (failure !== undefined) throw failure;
}
