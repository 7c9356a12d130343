import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LatencyServer {
  /** OpenAI-compatible base URL (ends in `/v1`). */
  readonly url: string;
  /** Requests answered so far. */
  readonly count: () => number;
  /** Most requests open at the same time. */
  readonly peakInFlight: () => number;
  close(): Promise<void>;
}

/**
 * A minimal, fast OpenAI-compatible chat-completions server on 127.0.0.1 that answers every
 * request after `delayMs`, for latency-bound benchmarks. It always replies with the same small
 * completion, or with `echo` the last message of the request (an echo provider behind latency).
 *
 * @example
 * const server = await startLatencyServer({ delayMs: 50 });
 * // target: { type: 'openai', model: 'bench', baseUrl: server.url }
 * await server.close();
 */
export async function startLatencyServer(options: {
  delayMs: number;
  port?: number;
  echo?: boolean;
}): Promise<LatencyServer> {
  const completion = (content: string) =>
    JSON.stringify({
      id: 'chatcmpl-bench',
      object: 'chat.completion',
      created: 0,
      model: 'bench',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 1, total_tokens: 11 },
    });
  const fixed = completion('ok');
  const echoed = (body: string) => {
    const messages = (JSON.parse(body) as { messages?: { content?: unknown }[] }).messages ?? [];
    const last = messages.at(-1)?.content;
    return completion(typeof last === 'string' ? last : JSON.stringify(last ?? ''));
  };
  let count = 0;
  let inFlight = 0;
  let peak = 0;
  const server = createServer((req, res) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    const chunks: Buffer[] = [];
    if (options.echo) req.on('data', (chunk: Buffer) => chunks.push(chunk));
    else req.resume();
    req.on('end', () => {
      const reply = options.echo ? echoed(Buffer.concat(chunks).toString('utf8')) : fixed;
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply) });
        res.end(reply);
        count++;
        inFlight--;
      }, options.delayMs);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    count: () => count,
    peakInFlight: () => peak,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Run on its own (`npx tsx bench/latency-server.ts [delayMs] [port] [echo]`) to serve from a separate process.
if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startLatencyServer({
    delayMs: Number(process.argv[2] ?? 50),
    port: Number(process.argv[3] ?? 0),
    echo: process.argv[4] === 'echo',
  });
  process.stdout.write(`${server.url}\n`);
}
