import { HEARTBEAT_MS } from '../core/run-liveness.js';
import type { Store } from '../store/store.js';

export interface Heartbeat {
  /** Stops beating and waits for a write in progress. */
  stop(): Promise<void>;
}

/**
 * Writes the run's heartbeat every `HEARTBEAT_MS` while it runs, so `assay runs` can tell a
 * run in progress from one whose process was killed, and a second `--resume` can refuse.
 * The timer is unref'd: it never keeps the process alive on its own.
 */
export function startHeartbeat(store: Store, runId: string, everyMs = HEARTBEAT_MS): Heartbeat {
  let writing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    writing = writing
      .then(() => store.runs.update(runId, { heartbeatAt: new Date().toISOString() }))
      // A missed beat is harmless (the next one comes soon); the run itself must not fail on it.
      .catch(() => undefined);
  }, everyMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await writing;
    },
  };
}
