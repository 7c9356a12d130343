// Ingest throughput into SQLite over real HTTP: OTLP/HTTP JSON and protobuf, batches of GenAI spans.
// Usage: npx tsx bench/ingest.ts [spans per encoding, default 200000] [batch, default 500] [in flight, default 4]
// The client builds and encodes every batch in the same process as the server, so the figures are a lower bound.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../src/server/start-server.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';

const total = Number(process.argv[2] ?? 200_000);
const batch = Number(process.argv[3] ?? 500);
const inFlight = Number(process.argv[4] ?? 4);
const TOKEN = 'bench-ingest-token-3f9a1c7e5b2d4f60';
type Msg = { fromObject(o: object): object; encode(m: object): { finish(): Uint8Array } };
const root = createRequire(import.meta.url)('@opentelemetry/otlp-transformer/build/src/generated/root.js');
const Request = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest as Msg;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const str = (key: string, v: string) => ({ key, value: { stringValue: v } });
const int = (key: string, v: number) => ({ key, value: { intValue: v } });

function spans(from: number, count: number, tag: number, asProtobuf: boolean): object[] {
  const out: object[] = [];
  const start = BigInt(Date.now()) * 1_000_000n;
  for (let i = from; i < from + count; i++) {
    const traceHex = hex(tag, 8) + hex(i, 24);
    const spanHex = hex(i + 1, 16);
    out.push({
      traceId: asProtobuf ? Buffer.from(traceHex, 'hex') : traceHex,
      spanId: asProtobuf ? Buffer.from(spanHex, 'hex') : spanHex,
      name: 'chat gpt-4o',
      kind: 3,
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(start + 350_000_000n),
      attributes: [
        str('gen_ai.request.model', 'gpt-4o'),
        int('gen_ai.usage.input_tokens', 120),
        int('gen_ai.usage.output_tokens', 40),
        str('app.feature', 'refunds'),
        str(
          'gen_ai.input.messages',
          JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `How do refunds work? #${i}` }] }]),
        ),
        str(
          'gen_ai.output.messages',
          JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Within 30 days of purchase.' }] }]),
        ),
      ],
      status: { code: 1 },
    });
  }
  return out;
}

function body(from: number, count: number, tag: number, asProtobuf: boolean): Uint8Array<ArrayBuffer> | string {
  const request = {
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', 'support-bot'), str('user.tier', 'pro')] },
        scopeSpans: [{ scope: { name: 'bench' }, spans: spans(from, count, tag, asProtobuf) }],
      },
    ],
  };
  return asProtobuf
    ? (Request.encode(Request.fromObject(request)).finish() as Uint8Array<ArrayBuffer>)
    : JSON.stringify(request);
}

const dir = mkdtempSync(join(tmpdir(), 'assay-ingest-bench-'));
const store = new SqliteStore({ path: join(dir, 'assay.db') });
const server = await startServer({ store, port: 0, ingestToken: TOKEN });
const url = `http://127.0.0.1:${server.port}/v1/traces`;
try {
  for (const [tag, encoding] of [
    [1, 'json'],
    [2, 'protobuf'],
  ] as const) {
    const asProtobuf = encoding === 'protobuf';
    const latencies: number[] = [];
    const rss: number[] = [];
    let next = 0;
    const startedAt = performance.now();
    const worker = async () => {
      while (next < total) {
        const from = next;
        next += batch;
        const payload = body(from, Math.min(batch, total - from), tag, asProtobuf);
        const t0 = performance.now();
        const res = await fetch(url, {
          method: 'POST',
          body: payload as Uint8Array<ArrayBuffer> | string,
          headers: {
            Authorization: `Bearer ${TOKEN}`,
            'content-type': asProtobuf ? 'application/x-protobuf' : 'application/json',
          },
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`ingest answered ${res.status}`);
        latencies.push(performance.now() - t0);
        if (latencies.length % 50 === 0) rss.push(process.memoryUsage().rss / 2 ** 20);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    const seconds = (performance.now() - startedAt) / 1000;
    latencies.sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
    const quarter = Math.max(1, Math.floor(rss.length / 4));
    const early = rss.slice(0, quarter);
    const late = rss.slice(-quarter);
    const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    console.log(
      `${encoding.padEnd(8)} ${total} spans in ${seconds.toFixed(1)} s: ${Math.round(total / seconds)} spans/s; ` +
        `per ${batch}-span request p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms; ` +
        `RSS first quarter ${avg(early).toFixed(0)} MiB, last quarter ${avg(late).toFixed(0)} MiB, max ${Math.max(...rss).toFixed(0)} MiB`,
    );
  }
  console.log(`stored: ${await store.traces.count()} records (expected ${2 * total})`);
} finally {
  await server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
