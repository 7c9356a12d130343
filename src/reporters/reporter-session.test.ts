import { describe, expect, it } from 'vitest';
import type { StoredRun, StoredTrial } from '../store/types.js';
import { ReporterSession } from './reporter-session.js';
import type { Reporter, RunReport } from './types.js';

const run = { runId: 'r1' } as StoredRun;
const trial = (caseId: string) => ({ caseId, repeat: 0 }) as StoredTrial;

describe('ReporterSession', () => {
  it('calls onRunStart first, onTrialResult per trial in order (async hooks too), onRunEnd last', async () => {
    const calls: string[] = [];
    let release: () => void = () => {};
    const slowStart = new Promise<void>((resolve) => (release = resolve));
    const reporter: Reporter = {
      name: 'spy',
      onRunStart: async (r) => {
        await slowStart;
        calls.push(`start ${r.runId}`);
      },
      onTrialResult: (t) => void calls.push(`trial ${t.caseId}`),
      onRunEnd: (_report, reason) => void calls.push(`end ${reason}`),
    };
    const session = new ReporterSession([reporter]);
    session.start(Promise.resolve(run));
    session.trial(trial('a'));
    session.trial(trial('b'));
    const ended = session.end({ run } as RunReport, 'completed');
    expect(calls).toEqual([]);
    release();
    await ended;
    expect(calls).toEqual(['start r1', 'trial a', 'trial b', 'end completed']);
  });

  it('rethrows a reporter failure at the end', async () => {
    const session = new ReporterSession([
      {
        name: 'bad',
        onTrialResult: () => {
          throw new Error('disk full');
        },
      },
    ]);
    session.start(run);
    session.trial(trial('a'));
    await expect(session.end({ run } as RunReport, 'completed')).rejects.toThrow('disk full');
  });
});
