import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { samplePoint } from '../../src/online/sampling.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { TraceRecord } from '../../src/store/trace-types.js';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
let storePath: string;
let evalFile: string;
const HOUR = 3_600_000;

function trace(i: number, hoursAgo: number, pass: boolean, tier: string, status: 'ok' | 'error' = 'ok'): TraceRecord {
  const now = Date.now();
  const t = now - (now % HOUR) - hoursAgo * HOUR + (i % 50) * 60_000;
  return {
    traceId: `t-${hoursAgo}-${i}`,
    spanId: '',
    input: 'How long is the refund window?',
    output: pass ? 'You have 30 days for a refund.' : 'I am not sure.',
    metadata: { 'user.tier': tier },
    timestamp: new Date(t).toISOString(),
    latencyMs: 100,
    model: 'm',
    inputTokens: null,
    outputTokens: null,
    status,
    error: null,
    source: 'api',
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-online-'));
  storePath = join(dir, 'assay.db');
  evalFile = join(dir, 'prod.eval.yaml');
  writeFileSync(
    evalFile,
    [
      'name: support-prod',
      'online:',
      '  sample: 0.5',
      '  strata:',
      '    - where: { user.tier: enterprise }',
      '      sample: 1',
      '  always:',
      '    - status: error',
      'graders:',
      '  - type: includes',
      '    name: mentions-refund',
      '    value: refund',
      '',
    ].join('\n'),
  );
  const store = new SqliteStore({ path: storePath });
  const records: TraceRecord[] = [];
  // 24 baseline hours at ~95% pass, then the last complete hour at ~40%.
  for (let h = 25; h >= 1; h--) {
    for (let i = 0; i < 80; i++) {
      const pass = h === 1 ? i % 5 < 2 : i % 20 !== 0;
      records.push(trace(i, h, pass, i % 4 === 0 ? 'enterprise' : 'free'));
    }
  }
  records.push(trace(999, 3, false, 'free', 'error'));
  await store.traces.write(records);
  await store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('assay online run / status / check', () => {
  it('grades the sampled traces once, weights strata, and alarms on the drop', async () => {
    const run = await runCli(['online', 'run', evalFile, '--store', storePath, '--json']);
    expect(run.stderr).toBe('');
    const counts = JSON.parse(run.stdout);
    const errorTrace = 't-3-999';
    const expectedSampled =
      Array.from({ length: 25 }, (_, k) => 25 - k)
        .flatMap((h) => Array.from({ length: 80 }, (_, i) => ({ id: `t-${h}-${i}`, ent: i % 4 === 0 })))
        .filter((t) => t.ent || samplePoint(t.id) < 0.5).length + (samplePoint(errorTrace) < 0.5 ? 1 : 0);
    expect(counts).toMatchObject({
      read: 2001,
      sampled: expectedSampled,
      always: samplePoint(errorTrace) < 0.5 ? 0 : 1,
      graderErrors: 0,
    });
    const again = JSON.parse((await runCli(['online', 'run', evalFile, '--store', storePath, '--json'])).stdout);
    expect(again).toMatchObject({ read: 0, scores: 0 });

    const status = await runCli(['online', 'status', evalFile, '--store', storePath, '--json', '--windows', '26']);
    const body = JSON.parse(status.stdout);
    const g = body.graders[0];
    expect(g.grader).toBe('mentions-refund');
    const last = g.windows.at(-2);
    expect(last.passRate.value).toBeLessThan(0.6);
    expect(last.passRate.method).toBe('wilson-kish');
    expect(g.segments.map((s: { value: string }) => s.value)).toEqual(['enterprise', 'free']);
    expect(g.alert).toMatchObject({ flagged: true, windowStart: last.start });
    expect(body.traffic.reduce((s: number, w: { traces: number }) => s + w.traces, 0)).toBe(2001);

    const check = await runCli(['online', 'check', evalFile, '--store', storePath]);
    expect(check.stdout).toMatch(/ALERT: window/);
    expect(check.code).toBe(1);

    // The dashboard's API serves the same numbers.
    const store = new SqliteStore({ path: storePath });
    try {
      const res = await createApp({ store }).request('http://127.0.0.1/api/online?segment=user.tier&windows=26');
      const api = await res.json();
      expect(api.evals).toEqual(['support-prod']);
      expect(api.status.graders[0].alert).toEqual(g.alert);
      expect(api.status.graders[0].segments).toEqual(g.segments);
    } finally {
      await store.close();
    }
    // Six CLI processes in a row: on a loaded machine each takes seconds to start.
  }, 120_000);

  it('an offline command on an online-only eval explains itself', async () => {
    const res = await runCli(['run', evalFile, '--store', storePath]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/online eval/);
  });
});
