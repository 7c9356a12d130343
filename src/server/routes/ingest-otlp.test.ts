import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { createApp } from '../app.js';
import { startServer, type RunningServer } from '../start-server.js';

let dir: string;
let store: SqliteStore;
let server: RunningServer;
const TOKEN = 'test-ingest-token-3f9a1c7e5b2d4f60';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-otlp-'));
  store = new SqliteStore({ path: join(dir, 'assay.db') });
  server = await startServer({ store, port: 0, ingestToken: TOKEN });
});

afterAll(async () => {
  await server?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends three GenAI spans through a real OpenTelemetry SDK pipeline and its OTLP/HTTP exporter. */
async function sendSpans(exporter: SpanExporter, tag: string): Promise<string[]> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'support-bot', 'user.tier': 'pro' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('assay-test');
  const ids: string[] = [];
  // 1. semconv ≥ 1.37: messages as JSON attributes.
  const a = tracer.startSpan('chat gpt-4o', {
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 5,
      'gen_ai.input.messages': JSON.stringify([
        { role: 'user', parts: [{ type: 'text', content: `refund policy? ${tag}` }] },
      ]),
      'gen_ai.output.messages': JSON.stringify([
        { role: 'assistant', parts: [{ type: 'text', content: '30 days.' }], finish_reason: 'stop' },
      ]),
      'app.feature': 'refunds',
    },
  });
  ids.push(a.spanContext().traceId);
  a.end();
  // 2. semconv 1.28–1.36: per-message events.
  const b = tracer.startSpan('chat claude', {
    attributes: { 'gen_ai.request.model': 'claude-x', 'app.feature': 'billing' },
  });
  b.addEvent('gen_ai.system.message', { content: 'Be brief.' });
  b.addEvent('gen_ai.user.message', { content: `invoice? ${tag}` });
  b.addEvent('gen_ai.choice', { index: 0, message: JSON.stringify({ role: 'assistant', content: 'Sent.' }) });
  ids.push(b.spanContext().traceId);
  b.end();
  // 3. an error, with indexed prompt attributes.
  const c = tracer.startSpan('chat failing', {
    attributes: { 'gen_ai.prompt.0.role': 'user', 'gen_ai.prompt.0.content': `hi ${tag}` },
  });
  c.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
  ids.push(c.spanContext().traceId);
  c.end();
  await provider.forceFlush();
  await provider.shutdown();
  return ids;
}

describe.each([
  ['http/json', (url: string) => new JsonExporter({ url, headers: { Authorization: `Bearer ${TOKEN}` } })],
  ['http/protobuf', (url: string) => new ProtoExporter({ url, headers: { Authorization: `Bearer ${TOKEN}` } })],
])('OTLP %s from the OpenTelemetry JS SDK', (protocol, makeExporter) => {
  it('stores every span with its GenAI fields, status and metadata', async () => {
    const ids = await sendSpans(makeExporter(`http://127.0.0.1:${server.port}/v1/traces`), protocol);
    const [chat, events, failing] = await Promise.all(
      ids.map(async (traceId) => (await store.traces.list({ traceId }))[0]),
    );
    expect(chat).toMatchObject({
      source: 'otlp',
      model: 'gpt-4o',
      inputTokens: 12,
      outputTokens: 5,
      status: 'ok',
      output: '30 days.',
      input: [{ role: 'user', content: `refund policy? ${protocol}` }],
      metadata: {
        'service.name': 'support-bot',
        'user.tier': 'pro',
        'app.feature': 'refunds',
        'span.name': 'chat gpt-4o',
        'gen_ai.operation.name': 'chat',
      },
    });
    expect(chat.metadata).not.toHaveProperty('gen_ai.input.messages');
    expect(chat.latencyMs).toBeGreaterThanOrEqual(0);
    expect(chat.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(events).toMatchObject({
      model: 'claude-x',
      output: 'Sent.',
      input: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: `invoice? ${protocol}` },
      ],
    });
    expect(failing).toMatchObject({
      status: 'error',
      error: 'rate limited',
      input: [{ role: 'user', content: `hi ${protocol}` }],
      output: null,
    });
  });
});

describe('ingest refusals', () => {
  const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;
  const auth = { Authorization: `Bearer ${TOKEN}` };

  it('refuses a missing or wrong token, and stores nothing', async () => {
    const before = await store.traces.count();
    const body = JSON.stringify({ traceId: 'x', output: 'y' });
    const none = await fetch(url('/api/traces'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(none.status).toBe(401);
    expect((await none.json()).error.message).toMatch(/needs a token/);
    const wrong = await fetch(url('/v1/traces'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', Authorization: 'Bearer nope' },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.message).toMatch(/wrong/);
    expect(await store.traces.count()).toBe(before);
  });

  it('refuses to start with a weak ingest token', () => {
    expect(() => createApp({ store, ingestToken: 'short' })).toThrow(/bits/);
  });

  it('refuses malformed protobuf and a wrong content type with a reason, and stays up', async () => {
    const bad = await fetch(url('/v1/traces'), {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-protobuf' },
      body: new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('INGEST_BAD_PROTOBUF');
    const text = await fetch(url('/v1/traces'), {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/plain' },
      body: 'hi',
    });
    expect(text.status).toBe(415);
    expect((await text.json()).error.message).toMatch(/application\/x-protobuf/);
    const ok = await fetch(url('/api/traces'), {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ traceId: 'alive', output: 'y' }),
    });
    expect(await ok.json()).toMatchObject({ accepted: 1, rejected: 0 });
  });

  it('refuses an oversized body with 413', async () => {
    const small = await startServer({ store, port: 0, ingestToken: TOKEN, maxIngestBytes: 1024 });
    try {
      const res = await fetch(`http://127.0.0.1:${small.port}/api/traces`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ traceId: 'big', output: 'x'.repeat(4096) }),
      });
      expect(res.status).toBe(413);
      expect((await res.json()).error.code).toBe('INGEST_TOO_LARGE');
      expect(await store.traces.list({ traceId: 'big' })).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('rejects 10,000 bad records one by one, keeping the good ones in the same batch (count in = count stored)', async () => {
    const before = await store.traces.count();
    const batch: unknown[] = [];
    for (let i = 0; i < 10_000; i++) batch.push(i % 2 === 0 ? { trace_id: `bad-${i}` } : { traceId: '', output: 1 });
    for (let i = 0; i < 250; i++)
      batch.splice(i * 40, 0, {
        traceId: `good-${i}`,
        input: 'q',
        output: 'a',
        latencyMs: i,
        metadata: { tier: 'free' },
      });
    const res = await fetch(url('/api/traces'), {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(batch),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.accepted).toBe(250);
    expect(body.rejected).toBe(10_000);
    expect(body.rejections).toHaveLength(10_000);
    expect(body.rejections[0]).toEqual({ index: 1, reason: expect.stringMatching(/unknown field "trace_id"/) });
    expect(await store.traces.count()).toBe(before + 250);
    const all = await fetch(url('/api/traces'), {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify([{ nope: 1 }]),
    });
    expect(all.status).toBe(422);
  });

  it('OTLP JSON: rejects spans with bad ids per span and stores the rest', async () => {
    const span = (traceId: string, spanId: string) => ({
      traceId,
      spanId,
      name: 's',
      startTimeUnixNano: '1700000000000000000',
      endTimeUnixNano: '1700000000250000000',
    });
    const request = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'user.tier', value: { stringValue: 'free' } }] },
          scopeSpans: [
            {
              spans: [
                span('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331'),
                span('zz', 'b7ad6b7169203331'),
                span('0af7651916cd43dd8448eb211c80319d', '0000000000000000'),
              ],
            },
          ],
        },
      ],
    };
    const res = await fetch(url('/v1/traces'), {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    const body = await res.json();
    expect(body).toMatchObject({ accepted: 1, rejected: 2, partialSuccess: { rejectedSpans: 2 } });
    expect(body.rejections.map((r: { index: number }) => r.index)).toEqual([1, 2]);
    const [stored] = await store.traces.list({ traceId: '0af7651916cd43dd8448eb211c80319c' });
    expect(stored).toMatchObject({
      latencyMs: 250,
      timestamp: '2023-11-14T22:13:20.000Z',
      metadata: { 'user.tier': 'free' },
    });
  });
});
