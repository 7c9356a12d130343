import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { TraceRecord } from '../../src/store/trace-types.js';
import { runCli } from '../helpers/run-cli.js';

const HOUR = 3_600_000;
let dir: string;
let storePath: string;
let evalFile: string;

function trace(i: number, hoursAgo: number, pass: boolean, tier: string): TraceRecord {
  const now = Date.now();
  return {
    traceId: `a-${hoursAgo}-${i}`,
    spanId: '',
    input: 'How long is the refund window?',
    output: pass ? 'You have 30 days for a refund.' : 'I am not sure.',
    metadata: { 'user.tier': tier },
    timestamp: new Date(now - (now % HOUR) - hoursAgo * HOUR + (i % 50) * 60_000).toISOString(),
    latencyMs: 100,
    model: 'm',
    inputTokens: null,
    outputTokens: null,
    status: 'ok',
    error: null,
    source: 'api',
  };
}

/** A local webhook receiver answering with the given statuses in turn (the last one repeats). */
async function receiver(statuses: number[]): Promise<{ url: string; bodies: unknown[]; close: () => Promise<void> }> {
  const bodies: unknown[] = [];
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  };
  const server: Server = createServer((req, res) => {
    void read(req).then((body) => {
      bodies.push({ body, contentType: req.headers['content-type'], method: req.method, url: req.url });
      res.statusCode = statuses[Math.min(bodies.length - 1, statuses.length - 1)];
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hook?token=s3cret-hook`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-online-alerts-'));
  storePath = join(dir, 'assay.db');
  evalFile = join(dir, 'prod.eval.yaml');
  writeFileSync(
    evalFile,
    [
      'name: alerts-prod',
      'online:',
      '  sample: 1',
      'graders:',
      '  - { type: includes, name: mentions-refund, value: refund }',
      '',
    ].join('\n'),
  );
  const store = new SqliteStore({ path: storePath });
  const records: TraceRecord[] = [];
  // 24 hours at 95%, then the last complete hour at 40%; production is three quarters free.
  for (let h = 25; h >= 1; h--)
    for (let i = 0; i < 40; i++)
      records.push(trace(i, h, h === 1 ? i % 5 < 2 : i % 20 !== 0, i % 4 === 0 ? 'pro' : 'free'));
  await store.traces.write(records);
  // The offline eval set: half pro, half free, so it over-represents pro.
  const cases = Array.from({ length: 60 }, (_, i) => ({
    id: `c${i}`,
    input: 'q',
    slice: 'typical',
    metadata: { 'user.tier': i % 2 === 0 ? 'pro' : 'free' },
    weight: 1,
  }));
  await store.datasets.create({ name: 'support', version: 'v1', cases });
  await store.runs.create({
    runId: 'run_offline',
    eval: 'support-offline',
    datasetName: 'support',
    datasetVersion: 'v1',
    target: { kind: 'function', name: 'bot' },
    gitCommit: null,
    startedAt: '2026-01-01T00:00:00.000Z',
    config: {},
    plannedTrials: 60,
  });
  await store.runs.update('run_offline', { status: 'completed', finishedAt: '2026-01-01T00:01:00.000Z' });
  await store.close();
  const run = await runCli(['online', 'run', evalFile, '--store', storePath, '--json']);
  expect(JSON.parse(run.stdout)).toMatchObject({ read: 1000, sampled: 1000 });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('assay online check --webhook', () => {
  it('POSTs the flagged window as JSON, retrying a 503, and exits 1 for the alert', async () => {
    const hook = await receiver([503, 200]);
    try {
      const r = await runCli(['online', 'check', evalFile, '--store', storePath, '--webhook', hook.url]);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/ALERT: window/);
      expect(r.code).toBe(1);
      expect(hook.bodies).toHaveLength(2);
      const [, delivered] = hook.bodies as { body: Record<string, unknown>; contentType: string; method: string }[];
      expect(delivered).toMatchObject({ method: 'POST', contentType: 'application/json' });
      expect(delivered.body).toMatchObject({
        kind: 'assay.online.alert',
        eval: 'alerts-prod',
        window: 'hour',
        flagged: [{ grader: 'mentions-refund', window: { passes: 16, graded: 40 } }],
      });
      const flagged = (delivered.body.flagged as { windowStart: string; p: number; level: number }[])[0];
      expect(flagged.p).toBeLessThanOrEqual(flagged.level);
      expect(new Date(flagged.windowStart).getTime() % HOUR).toBe(0);
    } finally {
      await hook.close();
    }
  }, 60_000);

  it('reports an undeliverable alert after bounded retries and exits 2, never printing the URL’s secret', async () => {
    const failing = await receiver([500]);
    try {
      const r = await runCli(['online', 'check', evalFile, '--store', storePath, '--webhook', failing.url, '--json']);
      expect(r.code).toBe(2);
      expect(failing.bodies).toHaveLength(3);
      expect(r.stderr).toMatch(
        /Could not deliver the alert to http:\/\/127\.0\.0\.1:\d+\/hook after 3 attempt\(s\): HTTP 500\./,
      );
      expect(r.stderr + r.stdout).not.toContain('s3cret-hook');
      expect(JSON.parse(r.stdout).webhook).toEqual({ delivered: false, attempts: 3, error: 'HTTP 500' });
    } finally {
      await failing.close();
    }
    const refusing = await receiver([400]);
    try {
      const r = await runCli(['online', 'check', evalFile, '--store', storePath, '--webhook', refusing.url]);
      expect(r.code).toBe(2);
      // A 4xx is the receiver refusing this body: sending it again would not help.
      expect(refusing.bodies).toHaveLength(1);
    } finally {
      await refusing.close();
    }
    const gone = await receiver([200]);
    const url = gone.url;
    await gone.close();
    const r = await runCli(['online', 'check', evalFile, '--store', storePath, '--webhook', url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/after 3 attempt\(s\): ECONNREFUSED/);
  }, 120_000);

  it('refuses a webhook that is not an http(s) URL before checking anything', async () => {
    const r = await runCli(['online', 'check', evalFile, '--store', storePath, '--webhook', 'ftp://example/x']);
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBe(1);
    expect(r.stderr).toMatch(/--webhook must be an http:\/\/ or https:\/\/ URL/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describe('assay online status --eval-set', () => {
  it("puts the eval set's segment mix beside production's and flags the over-represented tier", async () => {
    const r = await runCli([
      'online',
      'status',
      evalFile,
      '--store',
      storePath,
      '--eval-set',
      'support-offline',
      '--segment',
      'user.tier',
      '--windows',
      '30',
      '--json',
    ]);
    const mix = JSON.parse(r.stdout).segmentMix;
    expect(mix).toMatchObject({
      evalSet: { runId: 'run_offline', eval: 'support-offline', cases: 60 },
      traces: 1000,
      fields: ['user.tier'],
      correction: 'benjamini-hochberg',
    });
    const rows = mix.rows as {
      value: string;
      evalShare: { value: number };
      productionShare: { value: number };
      differs: boolean;
    }[];
    expect(rows.map((x) => [x.value, x.evalShare.value, x.productionShare.value, x.differs])).toEqual([
      ['free', 0.5, 0.75, true],
      ['pro', 0.5, 0.25, true],
    ]);
    const text = await runCli([
      'online',
      'status',
      evalFile,
      '--store',
      storePath,
      '--eval-set',
      'run_offline',
      '--segment',
      'user.tier',
      '--windows',
      '30',
    ]);
    expect(text.stdout).toMatch(
      /Segment mix: eval set support-offline \(run run_offline, 60 cases\) vs 1000 sampled traces/,
    );
    expect(text.stdout).toMatch(/user\.tier=pro: eval 50\.0% \[.*\] {2}production 25\.0% \[.*\] {2}DIFFERS/);
    const missing = await runCli(['online', 'status', evalFile, '--store', storePath, '--eval-set', 'nope']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/No run, baseline or eval named 'nope'/);
  }, 120_000);
});
