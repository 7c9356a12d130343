// The store contracts' shared data: three cases of one dataset and a run of them with two
// repeats, and a trial of that run (passing, failing or a target error).
import type { Case, TargetOutput } from '../core/types.js';
import type { Store } from './store.js';
import type { WriteTrialInput } from './types.js';

export const contractCases: Case[] = [
  { id: 'a', input: 'hello', expected: 'hi', slice: 'typical', metadata: { lang: 'en', vip: true }, weight: 1 },
  { id: 'b', input: 'bonjour <b>', expected: 'salut', slice: 'edge', metadata: { lang: 'fr', vip: false }, weight: 2 },
  {
    id: 'c',
    input: [{ role: 'user', content: 'hola' }],
    slice: 'typical',
    metadata: { lang: 'es', vip: false },
    weight: 1,
  },
];

export function contractTrial(
  caseId: string,
  repeat: number,
  pass: boolean | 'error',
  output: TargetOutput | null = { text: `out-${caseId}` },
): WriteTrialInput {
  return {
    runId: 'run_1',
    caseId,
    repeat,
    output: pass === 'error' ? null : output,
    error: pass === 'error' ? 'target timed out' : null,
    startedAt: '2026-01-01T00:00:00.000Z',
    latencyMs: 10 + repeat,
    scores:
      pass === 'error'
        ? []
        : [
            { grader: 'exact', value: pass ? 1 : 0, pass, reason: pass ? 'match' : 'no match' },
            { grader: 'len', value: 0.5, pass: true, meta: { chars: 4 } },
          ],
  };
}

/** A fresh store holding the dataset and the run `run_1` (2 repeats of 3 cases). */
export async function seedContractStore(createStore: () => Promise<Store>): Promise<Store> {
  const store = await createStore();
  await store.datasets.create({ name: 'qa', version: 'v1', cases: contractCases });
  await store.runs.create({
    runId: 'run_1',
    eval: 'qa-eval',
    datasetName: 'qa',
    datasetVersion: 'v1',
    target: { kind: 'function', name: 'bot' },
    gitCommit: null,
    startedAt: '2026-01-01T00:00:00.000Z',
    config: { repeats: 2 },
    plannedTrials: 6,
  });
  return store;
}
