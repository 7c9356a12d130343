// The latency-bound run of issue 16, split where its time goes: whole process via
// `node bin/assay.js run` (promptfoo's benchmark shape, bench/workloads.ts) against the 50 ms
// echo server (bench/latency-server.ts, its own process), and in the same minute a bare Node
// `http` client with a keep-alive agent (the floor). Prints, per run: wall and CPU time of the
// process, time from spawn to the first request, the span from the first request to the last
// response, the mean trial latency, the tail after the last response, and CPU per trial.
// CPU figures hold under load; wall figures only on a quiet machine (the load average is printed).
// Also the CPU time spent before the first request (a probe preloaded into the process).
// Needs `npm run build:lib`. Run: npx tsx bench/latency-split.ts [repeats=3] [cases=10000]
// ASSAY_BIN=<another checkout>/bin/assay.js measures that build too, alternating with this one.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { writeAssayWorkload } from './workloads.js';

const repeats = Number(process.argv[2] ?? 3);
const cases = Number(process.argv[3] ?? 10_000);
const concurrency = 50;
const root = fileURLToPath(new URL('../', import.meta.url));

const server = spawn(
  process.execPath,
  ['--import', 'tsx', fileURLToPath(new URL('./latency-server.ts', import.meta.url)), '50', '0', 'echo'],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const baseUrl = await new Promise<string>((resolve) =>
  server.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
);

// Preloaded into the measured process: its CPU time when it sends its first HTTP request.
const PROBE = `import http from 'node:http';
import { writeFileSync } from 'node:fs';
const request = http.request;
http.request = function (...args) {
  if (process.env.FIRST_REQUEST_OUT) {
    const cpu = process.cpuUsage();
    writeFileSync(process.env.FIRST_REQUEST_OUT, String((cpu.user + cpu.system) / 1000));
    delete process.env.FIRST_REQUEST_OUT;
  }
  return request.apply(this, args);
};
`;

/** The whole `assay run` process under /usr/bin/time; the split read back from its trials. */
async function assayRun(dir: string, evalFile: string, n: number, bin: string) {
  const store = join(dir, `run-${n}.db`);
  const probe = join(dir, 'first-request-probe.mjs');
  writeFileSync(probe, PROBE);
  const firstOut = join(dir, `first-${n}.txt`);
  const spawnedAt = Date.now();
  const stderr = await new Promise<string>((resolve, reject) => {
    const child = spawn(
      '/usr/bin/time',
      [
        '-f',
        '%e %U %S %M',
        process.execPath,
        '--import',
        pathToFileURL(probe).href,
        bin,
        'run',
        evalFile,
        '--store',
        store,
        '--no-progress',
      ],
      {
        cwd: dir,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, NO_COLOR: '1', FIRST_REQUEST_OUT: firstOut },
      },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(err));
  });
  const exitedAt = Date.now();
  const [wall, user, sys, kb] = stderr.trim().split('\n').pop()!.split(' ').map(Number);
  const db = new Database(store, { readonly: true });
  const rows = db.prepare('SELECT started_at AS s, latency_ms AS l FROM trials').all() as { s: string; l: number }[];
  db.close();
  const starts = rows.map((r) => Date.parse(r.s));
  const first = Math.min(...starts);
  const last = Math.max(...rows.map((r, i) => starts[i] + r.l));
  const meanLatency = rows.reduce((a, r) => a + r.l, 0) / rows.length;
  return {
    wall,
    cpu: user + sys,
    user,
    sys,
    rssMb: kb / 1024,
    toFirst: (first - spawnedAt) / 1000,
    cpuToFirst: Number(readFileSync(firstOut, 'utf8')) / 1000,
    span: (last - first) / 1000,
    tail: (exitedAt - last) / 1000,
    meanLatency,
    cpuPerTrialMs: ((user + sys) * 1000) / rows.length,
  };
}

/** The floor: a bare keep-alive `http` client, `concurrency` loops, the same requests. */
async function bareClient(n: number) {
  const url = new URL(`${baseUrl}/chat/completions`);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  let latencySum = 0;
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const body = JSON.stringify({
        model: 'bench',
        messages: [{ role: 'user', content: `Hello User ${i}, your id is ${i}.` }],
      });
      const started = performance.now();
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            JSON.parse(Buffer.concat(chunks).toString('utf8'));
            latencySum += performance.now() - started;
            resolve();
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await one(next++);
    }),
  );
  const span = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  return { span, meanLatency: latencySum / n, cpu: (cpu.user + cpu.system) / 1e6 };
}

const dir = mkdtempSync(join(tmpdir(), 'assay-latency-split-'));
try {
  const evalFile = writeAssayWorkload(dir, { cases, concurrency, baseUrl });
  console.log(`${cases} cases, concurrency ${concurrency}, 50 ms echo server; ideal ${(cases * 0.05) / concurrency} s`);
  const bins = [join(root, 'bin/assay.js'), ...(process.env.ASSAY_BIN ? [process.env.ASSAY_BIN] : [])];
  for (let i = 0; i < repeats * bins.length; i++) {
    const bin = bins[i % bins.length];
    const load = loadavg()[0].toFixed(2);
    const bare = await bareClient(cases);
    const r = await assayRun(dir, evalFile, i, bin);
    console.log(
      `${bins.length > 1 ? `${i % bins.length === 0 ? 'this build' : 'ASSAY_BIN'} | ` : ''}load ${load} | ` +
        `bare client: span ${bare.span.toFixed(2)} s, mean ${bare.meanLatency.toFixed(2)} ms, ` +
        `CPU ${bare.cpu.toFixed(2)} s | assay: wall ${r.wall.toFixed(2)} s, CPU ${r.cpu.toFixed(2)} s ` +
        `(${r.user.toFixed(2)} u + ${r.sys.toFixed(2)} s, ${r.cpuPerTrialMs.toFixed(3)} ms/trial), ` +
        `${Math.round(r.rssMb)} MB; to first request ${r.toFirst.toFixed(2)} s (${r.cpuToFirst.toFixed(2)} s CPU), ` +
        `span ${r.span.toFixed(2)} s, mean ${r.meanLatency.toFixed(2)} ms (+${(r.meanLatency - bare.meanLatency).toFixed(2)}), ` +
        `tail ${r.tail.toFixed(2)} s`,
    );
  }
} finally {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
