import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentOwner } from '../core/run-liveness.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import type { RunDetailResponse, RunListResponse } from './api-types.js';
import { createApp } from './app.js';

let dir: string;
let store: Store;
let app: ReturnType<typeof createApp>;

async function createRun(runId: string, owner: string, heartbeatAt: string, status?: 'completed'): Promise<void> {
  await store.runs.create({
    runId,
    eval: 'liveness',
    datasetName: 'qa',
    datasetVersion: 'v1',
    target: { kind: 'mock' },
    gitCommit: null,
    startedAt: heartbeatAt,
    config: {},
    plannedTrials: 1,
    owner,
  });
  await store.runs.update(runId, { status: status ?? 'running', heartbeatAt });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-stale-'));
  store = await openStore({ location: join(dir, 'assay.db') });
  await store.datasets.create({
    name: 'qa',
    version: 'v1',
    cases: [{ id: 'a', input: 'q', expected: 'a', slice: 'typical', metadata: {}, weight: 1 }],
  });
  const now = Date.now();
  const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();
  // Held: this process owns it and beats. Gone: another machine's process fell silent 5 minutes ago.
  await createRun('run_held', currentOwner(), new Date(now).toISOString());
  await createRun('run_gone', '4242@another-machine', minutesAgo(5));
  await createRun('run_done', '4242@another-machine', minutesAgo(6), 'completed');
  app = createApp({ store, webRoot: dir });
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function json<T>(path: string): Promise<T> {
  const res = await app.request(path);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

describe('stale runs in the API', () => {
  it('says stale for a running run whose process is gone, as `assay runs` does, and keeps the stored status', async () => {
    const { runs } = await json<RunListResponse>('/api/runs');
    const byId = Object.fromEntries(runs.map((r) => [r.runId, [r.status, r.stale]]));
    expect(byId).toEqual({
      run_held: ['running', false],
      run_gone: ['running', true],
      run_done: ['completed', false],
    });
    expect((await json<RunDetailResponse>('/api/runs/run_gone')).run.stale).toBe(true);
    expect((await json<RunDetailResponse>('/api/runs/run_held')).run.stale).toBe(false);
  });
});
