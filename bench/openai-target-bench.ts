/**
 * Latency-bound check of the OpenAI target alone (no runner, no store): N requests at
 * concurrency C against a local server that answers after D ms. Ideal wall time = N·D/C.
 *
 *   npx tsx bench/openai-target-bench.ts [requests=10000] [concurrency=50] [delayMs=50] [--separate-process]
 *
 * With --separate-process the server runs in its own Node process, so client and server do
 * not share one event loop (closer to a real provider).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Case } from '../src/core/types.js';
import { createTarget } from '../src/targets/registry.js';
import { startLatencyServer } from './latency-server.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const separate = process.argv.includes('--separate-process');
const requests = Number(args[0] ?? 10_000);
const concurrency = Number(args[1] ?? 50);
const delayMs = Number(args[2] ?? 50);

async function serverUrl(): Promise<{ url: string; stop: () => Promise<void>; peak?: () => number }> {
  if (!separate) {
    const server = await startLatencyServer({ delayMs });
    return { url: server.url, stop: () => server.close(), peak: server.peakInFlight };
  }
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./latency-server.ts', import.meta.url)), String(delayMs)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve) =>
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
  );
  return { url, stop: async () => void child.kill() };
}

const server = await serverUrl();
const target = await createTarget(
  { type: 'openai', model: 'bench', baseUrl: server.url, cache: false, retries: 0 },
  { baseDir: process.cwd(), env: {} },
);
const cases: Case[] = Array.from({ length: requests }, (_, i) => ({
  id: `c${i}`,
  input: `question ${i}`,
  slice: 'typical',
  metadata: {},
  weight: 1,
}));

let next = 0;
let errors = 0;
const cpuBefore = process.cpuUsage();
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < cases.length) {
      const c = cases[next++];
      // A signal per trial, as the runner gives each trial its own timeout.
      const signal = new AbortController().signal;
      try {
        await target.call(c, { signal, runId: 'bench', repeat: 0, useCache: false });
      } catch (error) {
        if (errors++ === 0) console.error((error as Error).message);
      }
    }
  }),
);
const wall = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const ideal = (requests * delayMs) / 1000 / concurrency;
console.log(
  `requests ${requests}, concurrency ${concurrency}, server delay ${delayMs} ms${separate ? ' (server in its own process)' : ''}`,
);
console.log(
  `wall ${wall.toFixed(2)} s, ideal ${ideal.toFixed(2)} s, efficiency ${((ideal / wall) * 100).toFixed(1)}%, ${(requests / wall).toFixed(0)} req/s, errors ${errors}`,
);
console.log(
  `client CPU ${((cpu.user + cpu.system) / 1000 / requests).toFixed(2)} ms per request (${(((cpu.user + cpu.system) / 1e6 / wall) * 100).toFixed(0)}% of one core${separate ? '' : ', server included'}); load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`,
);
if (server.peak) console.log(`peak requests in flight at the server: ${server.peak()}`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
await server.stop();
