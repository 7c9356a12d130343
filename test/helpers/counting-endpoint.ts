import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingEndpoint {
  readonly url: string;
  /** Requests received per case id. */
  readonly calls: Map<string, number>;
  /** Arrival times (ms, performance.now()) of every request. */
  readonly arrivals: number[];
  total(): number;
  close(): Promise<void>;
}

/**
 * A JSON endpoint on 127.0.0.1 that answers `{ "text": "answer <id>" }` after `delayMs`, and
 * counts the requests it gets per `id` in the request body (the eval's `{{id}}`).
 * With `retryAfter`, it answers the first `retryAfter.times` requests with 429 and that header.
 */
export async function startCountingEndpoint(options: {
  delayMs: number;
  retryAfter?: { seconds: number; times: number };
}): Promise<CountingEndpoint> {
  const calls = new Map<string, number>();
  const arrivals: number[] = [];
  let refused = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      arrivals.push(performance.now());
      if (options.retryAfter && refused < options.retryAfter.times) {
        refused++;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(options.retryAfter.seconds) });
        res.end('{"error":"slow down"}');
        return;
      }
      const id = String((JSON.parse(body || '{}') as { id?: unknown }).id ?? '');
      calls.set(id, (calls.get(id) ?? 0) + 1);
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ text: `answer ${id}` }));
      }, options.delayMs);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/answer`,
    calls,
    arrivals,
    total: () => [...calls.values()].reduce((a, b) => a + b, 0),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
