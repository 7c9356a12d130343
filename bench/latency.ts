// Latency-bound run: the whole runner (OpenAI-compatible target, 3 rule graders, SQLite
// store) against a local server, in its own process, that answers after 50 ms.
// 10,000 cases at concurrency 50: the ideal wall time is 10,000 × 0.05 / 50 = 10 s.
// Run: npx tsx bench/latency.ts [cases=10000] [concurrency=50] [delayMs=50]
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cases = Number(process.argv[2] ?? 10_000);
const concurrency = Number(process.argv[3] ?? 50);
const delayMs = Number(process.argv[4] ?? 50);

const server = spawn(
  process.execPath,
  ['--import', 'tsx', fileURLToPath(new URL('./latency-server.ts', import.meta.url)), String(delayMs)],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const url = await new Promise<string>((resolve) =>
  server.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
);
try {
  const scenario = fileURLToPath(new URL('./run-scenario.ts', import.meta.url));
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', scenario, String(cases), 'http', String(concurrency), url],
    { encoding: 'utf8' },
  );
  const r = JSON.parse(out.trim().split('\n').pop()!);
  const ideal = (cases * delayMs) / 1000 / concurrency;
  const trials = r.trialsMs / 1000;
  console.log(
    `latency-bound: ${cases} cases, concurrency ${concurrency}, server answers after ${delayMs} ms (separate process)`,
  );
  console.log(
    `  trials: ${trials.toFixed(2)} s against an ideal of ${ideal.toFixed(2)} s → ${((ideal / trials) * 100).toFixed(1)}% of ideal`,
  );
  console.log(
    `  whole run incl. summary: ${(r.runMs / 1000).toFixed(2)} s · ${r.errors} errors · peak RSS ${r.peakRssMb.toFixed(0)} MB`,
  );
  console.log('  target: at least 90% of ideal (promptfoo 0.121: 16%)');
} finally {
  server.kill();
}
