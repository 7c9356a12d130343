import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
const FB_TOKEN = 'feedback-token-3f9a1c7e5b2d4f60';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'assay-ingest-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('assay ingest <file.jsonl>', () => {
  it('stores every good line and names each bad line with its reason; exit 1 when any was rejected', async () => {
    const file = join(dir, 'logs.jsonl');
    const lines = [
      JSON.stringify({
        traceId: 't1',
        input: 'hi',
        output: 'hello',
        metadata: { tier: 'pro' },
        timestamp: '2026-01-02T03:04:05Z',
        latencyMs: 120,
      }),
      '{not json',
      '',
      JSON.stringify({ traceId: 't2', input: 'q', output: 'a', timestamp: 1767323045000 }),
      JSON.stringify({ traceId: 't3', latencyMs: -1 }),
    ];
    writeFileSync(file, `${lines.join('\n')}\n`);
    const storePath = join(dir, 'a.db');
    const res = await runCli(['ingest', file, '--store', storePath]);
    expect(res.stdout).toContain('Accepted 2 trace record(s), rejected 2.');
    expect(res.stdout).toMatch(/logs\.jsonl:2: not valid JSON/);
    expect(res.stdout).toMatch(/logs\.jsonl:5: latencyMs must be a finite number/);
    expect(res.code).toBe(1);
    const store = new SqliteStore({ path: storePath });
    try {
      const stored = await store.traces.list();
      expect(stored.map((t) => [t.traceId, t.source, t.timestamp])).toEqual([
        ['t1', 'jsonl', '2026-01-02T03:04:05.000Z'],
        ['t2', 'jsonl', '2026-01-02T03:04:05.000Z'],
      ]);
      expect(stored[0]).toMatchObject({ input: 'hi', output: 'hello', metadata: { tier: 'pro' }, latencyMs: 120 });
    } finally {
      await store.close();
    }
  });

  it('a missing file is a clear error, not a stack trace', async () => {
    const res = await runCli(['ingest', join(dir, 'nope.jsonl'), '--store', join(dir, 'b.db')]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/No file at/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('POST /api/feedback', () => {
  let store: SqliteStore;
  let server: RunningServer;
  beforeAll(async () => {
    store = new SqliteStore({ path: join(dir, 'fb.db') });
    server = await startServer({ store, port: 0, ingestToken: FB_TOKEN });
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
  });
  const post = (body: unknown) =>
    fetch(`http://127.0.0.1:${server.port}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', Authorization: `Bearer ${FB_TOKEN}` },
      body: JSON.stringify(body),
    });

  it('joins a thumb or a score to its trace, and says when the trace is not stored yet', async () => {
    await store.traces.write([
      {
        traceId: 'known',
        spanId: '',
        input: 'q',
        output: 'a',
        metadata: {},
        timestamp: new Date().toISOString(),
        latencyMs: null,
        model: null,
        inputTokens: null,
        outputTokens: null,
        status: 'ok',
        error: null,
        source: 'api',
      },
    ]);
    const down = await post({ traceId: 'known', thumb: 'down', comment: 'wrong refund window' });
    expect(down.status).toBe(201);
    expect(await down.json()).toMatchObject({
      traceKnown: true,
      feedback: { traceId: 'known', thumb: 'down', score: null, comment: 'wrong refund window' },
    });
    const early = await post({ traceId: 'later', score: 0.25 });
    expect(await early.json()).toMatchObject({ traceKnown: false, feedback: { score: 0.25 } });
    expect((await store.feedback.list('known')).map((f) => f.thumb)).toEqual(['down']);
  });

  it('rejects feedback without a score or thumb, out-of-range scores, and a missing token', async () => {
    for (const [body, reason] of [
      [{ traceId: 'x' }, /score .* or a thumb/],
      [{ traceId: 'x', score: 2 }, /from 0 to 1/],
      [{ traceId: 'x', thumb: 'meh' }, /'up' or 'down'/],
      [{ traceId: 'x', thumbs: 'up' }, /unknown field "thumbs"/],
    ] as const) {
      const res = await post(body);
      expect(res.status).toBe(422);
      expect((await res.json()).error.message).toMatch(reason);
    }
    const anonymous = await fetch(`http://127.0.0.1:${server.port}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(anonymous.status).toBe(401);
  });
});

describe('assay dataset promote --from-traces', () => {
  it('turns traces with thumbs-down feedback into regression cases with provenance, PII redacted', async () => {
    const storePath = join(dir, 'promote.db');
    const store = new SqliteStore({ path: storePath });
    const base = {
      spanId: '',
      metadata: { 'user.tier': 'pro' },
      timestamp: '2026-01-01T00:00:00.000Z',
      latencyMs: 10,
      model: null,
      inputTokens: null,
      outputTokens: null,
      status: 'ok' as const,
      error: null,
      source: 'api' as const,
    };
    await store.traces.write([
      { ...base, traceId: 'bad-1', input: 'My email is jane.doe@example.com, where is my refund?', output: 'No idea.' },
      { ...base, traceId: 'good-1', input: 'Thanks!', output: 'You are welcome.' },
      { ...base, traceId: 'no-feedback', input: 'Hello', output: 'Hi' },
    ]);
    await store.feedback.add({ traceId: 'bad-1', thumb: 'down', score: null, comment: 'useless' });
    await store.feedback.add({ traceId: 'good-1', thumb: 'up', score: null, comment: null });
    await store.close();
    const to = join(dir, 'regression.jsonl');
    const res = await runCli([
      'dataset',
      'promote',
      '--from-traces',
      '--where',
      'feedback=down',
      '--redact-pii',
      '--to',
      to,
      '--store',
      storePath,
      '--json',
    ]);
    expect(res.stderr).toBe('');
    const report = JSON.parse(res.stdout);
    expect(report).toMatchObject({ lines: 3, selected: 1, added: ['bad-1'] });
    const cases = readFileSync(to, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      id: 'bad-1',
      slice: 'regression',
      source: 'bad-1',
      metadata: { 'user.tier': 'pro', failedOutput: 'No idea.' },
    });
    expect(cases[0].input).not.toContain('jane.doe@example.com');
  });
});
