import type { StoredRun, StoredTrial } from '../store/types.js';
import type { Reporter, RunEndReason, RunReport } from './types.js';

/**
 * Calls a set of reporters in order: `onRunStart` once, `onTrialResult` for each trial as it
 * finishes, `onRunEnd` last. Hooks may be async; they run one after another in call order
 * (a reporter never sees a trial before its run start), and the first failure is rethrown
 * by {@link ReporterSession.end}, so a broken reporter never goes unnoticed.
 *
 * @example
 * const session = new ReporterSession([junitReporter({ out: 'junit.xml' })]);
 * session.start(run);
 * session.trial(trial);
 * await session.end(report, 'completed');
 */
export class ReporterSession {
  readonly #reporters: readonly Reporter[];
  #chain: Promise<void> = Promise.resolve();
  #started = false;

  constructor(reporters: readonly Reporter[]) {
    this.#reporters = reporters;
  }

  get size(): number {
    return this.#reporters.length;
  }

  /** Whether any reporter listens to single trials (replaying stored trials is skipped otherwise). */
  get wantsTrials(): boolean {
    return this.#reporters.some((r) => r.onTrialResult !== undefined);
  }

  /** The run may still be loading (a promise): hooks wait for it, in order. */
  start(run: StoredRun | Promise<StoredRun | undefined>): void {
    if (this.#started) return;
    this.#started = true;
    this.#then(async (r) => {
      const loaded = await run;
      if (loaded) await r.onRunStart?.(loaded);
    });
  }

  trial(trial: StoredTrial): void {
    this.#then((r) => r.onTrialResult?.(trial));
  }

  async end(report: RunReport, reason: RunEndReason): Promise<void> {
    this.start(report.run);
    this.#then((r) => r.onRunEnd?.(report, reason));
    await this.#chain;
  }

  #then(hook: (reporter: Reporter) => unknown): void {
    this.#chain = this.#chain.then(async () => {
      for (const reporter of this.#reporters) await hook(reporter);
    });
  }
}
