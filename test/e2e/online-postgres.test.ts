import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { dropSchemas, postgresTestUrl, uniqueSchema, withSchema } from '../helpers/postgres.js';
import { runCli, startCli, type StartedCli } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { startFakeOpenAI } from '../helpers/fake-openai-server.js';

const url = await postgresTestUrl('online evaluation on Postgres with worker processes');
const dir = mkdtempSync(join(tmpdir(), 'assay-online-pg-'));
const schemas: string[] = [];
const started: StartedCli[] = [];
const TOKEN = 'online-pg-token-7c1e9a5b3d2f4e60';
const HOUR = 3_600_000;

afterEach(() => {
  for (const p of started.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (url) await dropSchemas(url, schemas);
});

function record(i: number) {
  const now = Date.now();
  const hoursAgo = 1 + (i % 6);
  return {
    traceId: `pg-${i}`,
    input: 'How long is the refund window?',
    output: i % 4 === 0 ? 'I am not sure.' : 'You have 30 days for a refund.',
    metadata: { 'user.tier': i % 3 === 0 ? 'pro' : 'free' },
    timestamp: new Date(now - (now % HOUR) - hoursAgo * HOUR + (i % 50) * 1000).toISOString(),
    latencyMs: 100,
  };
}

async function scoreCount(store: Store): Promise<number> {
  return (await store.online!.list('support-prod-pg')).length;
}

describe.skipIf(!url)('online evaluation on a Postgres store', () => {
  it('ingests through `assay ui`, queues sampled traces, and `assay worker` processes grade each once', async () => {
    const schema = uniqueSchema('assay_online_pg');
    schemas.push(schema);
    const storeUrl = withSchema(url!, schema);
    const evalFile = join(dir, 'prod.eval.yaml');
    writeFileSync(
      evalFile,
      [
        'name: support-prod-pg',
        'online:',
        '  sample: 0.5',
        '  always:',
        '    - feedback: down',
        'graders:',
        '  - { type: includes, name: mentions-refund, value: refund }',
        '  - { type: includes, name: mentions-days, value: days }',
        '',
      ].join('\n'),
    );

    // 1. Ingest into Postgres through the real server: plain JSON, feedback and an OTLP/protobuf export.
    const ui = startCli(['ui', '--store', storeUrl, '--port', '0'], { env: { ASSAY_INGEST_TOKEN: TOKEN } });
    started.push(ui);
    const base = await waitFor(
      'assay ui to listen',
      () => ui.output().stdout.match(/(http:\/\/127\.0\.0\.1:\d+)\//)?.[1],
    );
    const auth = { Authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const records = Array.from({ length: 300 }, (_, i) => record(i));
    const res = await fetch(`${base}/api/traces`, { method: 'POST', headers: auth, body: JSON.stringify(records) });
    expect(await res.json()).toMatchObject({ accepted: 300, rejected: 0 });
    const fb = await fetch(`${base}/api/feedback`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ traceId: 'pg-4', thumb: 'down', comment: 'not helpful' }),
    });
    expect(fb.status).toBe(201);
    const exporter = new OTLPTraceExporter({ url: `${base}/v1/traces`, headers: { Authorization: `Bearer ${TOKEN}` } });
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'support-bot', 'user.tier': 'pro' }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const span = provider.getTracer('assay-test').startSpan('chat', {
      attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.prompt.0.role': 'user', 'gen_ai.prompt.0.content': 'hi' },
    });
    const otlpTrace = span.spanContext().traceId;
    span.end();
    await provider.forceFlush();
    await provider.shutdown();

    const store = await openStore({ location: storeUrl });
    try {
      expect(await store.traces!.count()).toBe(301);
      const [otlp] = await store.traces!.list({ traceId: otlpTrace });
      expect(otlp).toMatchObject({ source: 'otlp', model: 'gpt-4o', metadata: { 'user.tier': 'pro' } });

      // 2. `online run` on Postgres only queues: no grader runs in it.
      const run = await runCli(['online', 'run', evalFile, '--store', storeUrl, '--json'], { cwd: dir });
      expect(run.stderr).toBe('');
      const queued = JSON.parse(run.stdout) as { executor: string; queued: number; sampled: number; always: number };
      expect(queued.executor).toBe('queue');
      expect(queued.queued).toBe(queued.sampled + queued.always);
      expect(queued.always).toBeGreaterThanOrEqual(0);
      expect(queued.sampled).toBeGreaterThan(100);
      expect(queued.sampled).toBeLessThan(200);
      expect(await scoreCount(store)).toBe(0);
      // A second run finds nothing new: the cursor moved when the jobs were queued.
      const again = await runCli(['online', 'run', evalFile, '--store', storeUrl, '--json'], { cwd: dir });
      expect(JSON.parse(again.stdout)).toMatchObject({ read: 0, queued: 0 });

      // 3. Two real worker processes grade the queue; every trace gets one score per grader.
      const workers = [0, 1].map(() => {
        const w = startCli(['worker', '--store', storeUrl, '--online-only', '--concurrency', '3'], { cwd: dir });
        started.push(w);
        return w;
      });
      await waitFor('every queued trace graded', async () => (await scoreCount(store)) === queued.queued * 2, 60_000);
      for (const w of workers) w.child.kill('SIGINT');
      const codes = await Promise.all(workers.map((w) => w.exited));
      expect(codes).toEqual([130, 130]);
      const graded = workers.map((w) =>
        Number(/(\d+) online traces graded, 0 failed/.exec(w.output().stderr)?.[1] ?? NaN),
      );
      expect(graded[0] + graded[1]).toBe(queued.queued);
      const scores = await store.online!.list('support-prod-pg');
      const keys = scores.map((s) => `${s.traceId}/${s.grader}`);
      expect(new Set(keys).size).toBe(keys.length);
      const refund = scores.filter((s) => s.grader === 'mentions-refund' && s.sampled);
      // Weighted 1/0.5, and the rule saw the trace's output: every fourth trace fails.
      expect(refund.every((s) => s.weight === 2)).toBe(true);
      expect(refund.filter((s) => !s.pass).every((s) => Number(s.traceId.slice(3)) % 4 === 0)).toBe(true);
      if (queued.always > 0) expect(scores.some((s) => s.traceId === 'pg-4' && !s.sampled)).toBe(true);

      // 4. Status and `assay sql` read the Postgres store as they read SQLite.
      const status = await runCli(['online', 'status', evalFile, '--store', storeUrl, '--json'], { cwd: dir });
      const parsed = JSON.parse(status.stdout) as { graders: { grader: string; overall: { n: number } }[] };
      expect(parsed.graders.map((g) => g.grader).sort()).toEqual(['mentions-days', 'mentions-refund']);
      const sql = await runCli(
        [
          'sql',
          "SELECT CAST(count(*) AS INTEGER) AS n FROM traces t JOIN feedback f ON f.trace_id = t.trace_id WHERE f.thumb = 'down'",
          '--store',
          storeUrl,
          '--format',
          'json',
        ],
        { cwd: dir },
      );
      expect(sql.stdout).toMatch(/"n": 1\b/);
    } finally {
      await store.close();
    }
  }, 180_000);

  it('loses no trace when a worker is killed with SIGKILL mid-grading: another takes its jobs when the lease ends', async () => {
    const schema = uniqueSchema('assay_online_kill');
    schemas.push(schema);
    const storeUrl = withSchema(url!, schema);
    // A slow judge (300 ms a verdict), so the first worker holds several traces when it dies.
    const judge = await startFakeOpenAI({
      script: () => ({ text: JSON.stringify({ reasoning: 'fine', choice: 'yes' }), delayMs: 300 }),
    });
    const evalFile = join(dir, 'kill.eval.yaml');
    writeFileSync(
      evalFile,
      [
        'name: support-kill',
        'online:',
        '  sample: 1',
        'graders:',
        `  - { type: judge.classify, name: helpful, prompt: helpful?, choices: { yes: 1, no: 0 }, judge: { provider: openai, model: m, baseUrl: '${judge.url}' } }`,
        '',
      ].join('\n'),
    );
    const store = await openStore({ location: storeUrl });
    try {
      await store.traces!.write(
        Array.from({ length: 40 }, (_, i) => ({
          ...record(i),
          // Distinct prompts, so the judge's response cache answers none of them.
          input: `question ${i} of ${schema}`,
          spanId: '',
          model: null,
          inputTokens: null,
          outputTokens: null,
          status: 'ok' as const,
          error: null,
          source: 'api' as const,
        })),
      );
      const run = await runCli(['online', 'run', evalFile, '--store', storeUrl, '--lease', '3', '--json'], {
        cwd: dir,
      });
      expect(JSON.parse(run.stdout)).toMatchObject({ queued: 40, executor: 'queue' });
      const env = { OPENAI_API_KEY: 'test-key' };
      const doomed = startCli(['worker', '--store', storeUrl, '--online-only', '--concurrency', '4'], {
        cwd: dir,
        env,
      });
      started.push(doomed);
      await waitFor('the doomed worker to take traces', () => judge.requests.length >= 6, 60_000).catch((e: Error) => {
        throw new Error(`${e.message}\n${doomed.output().stderr}`);
      });
      doomed.child.kill('SIGKILL');
      expect(await doomed.exited).toBe('SIGKILL');
      const survivor = startCli(['worker', '--store', storeUrl, '--online-only', '--concurrency', '4'], {
        cwd: dir,
        env,
      });
      started.push(survivor);
      await waitFor('every trace graded', async () => (await store.online!.list('support-kill')).length === 40, 90_000);
      survivor.child.kill('SIGINT');
      expect(await survivor.exited).toBe(130);
      const scores = await store.online!.list('support-kill');
      expect(new Set(scores.map((s) => s.traceId)).size).toBe(40);
      expect(scores.every((s) => s.pass === true && s.error === null)).toBe(true);
    } finally {
      await store.close();
      await judge.close();
    }
  }, 180_000);
});
