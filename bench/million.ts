// A million cases in flat memory, whole process: generates a JSONL dataset (200-character
// inputs) and a replay file (300-character outputs) under the OS temp folder, runs
// `node bin/assay.js run` at 100,000 and 1,000,000 cases (replay target, one rule grader,
// one repeat, SQLite store), prints wall time and peak RSS, then times `assay show` (summary),
// `assay compare` of two 1,000,000-trial runs and the dashboard run page's first API calls.
// Needs a build (`npm run build:lib`). Run: npx tsx bench/million.ts [sizes, e.g. 100000,1000000]
// BENCH_KEEP=1 keeps the generated files and stores (for profiling) and prints where they are.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/server/app.js';
import { openStore } from '../src/store/open-store.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'assay.js');
const sizes = (process.argv[2] ?? '100000,1000000').split(',').map(Number);
const dir = mkdtempSync(join(tmpdir(), 'assay-bench-million-'));
const LANGS = ['en', 'fr', 'de', 'es', 'it'];
const TIERS = ['free', 'pro', 'enterprise'];

/** Text of exactly `length` characters that differs per case. */
function filler(seed: string, length: number): string {
  const words = `${seed} lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor `;
  return words.repeat(Math.ceil(length / words.length)).slice(0, length);
}

async function writeLines(path: string, count: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(path);
  let chunk = '';
  for (let i = 0; i < count; i++) {
    chunk += `${line(i)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve) => out.on('finish', () => resolve()));
}

async function generate(n: number): Promise<{ evalFile: string; candidateFile: string }> {
  const dataset = join(dir, `cases-${n}.jsonl`);
  await writeLines(dataset, n, (i) =>
    JSON.stringify({
      id: `case-${String(i).padStart(7, '0')}`,
      input: filler(`question ${i}`, 200),
      expected: `answer-${i}`,
      slice: i % 20 === 0 ? 'edge' : 'typical',
      metadata: { language: LANGS[i % 5], tier: TIERS[i % 3] },
    }),
  );
  const files: string[] = [];
  for (const [k, failEvery] of [
    [0, 5],
    [1, 4],
  ] as const) {
    const replay = join(dir, `outputs-${n}-${k}.jsonl`);
    await writeLines(replay, n, (i) => {
      const answer = i % failEvery === 0 ? 'no idea' : `answer-${i}`;
      return JSON.stringify({ caseId: `case-${String(i).padStart(7, '0')}`, output: filler(answer, 300) });
    });
    const evalFile = join(dir, `million-${n}-${k}.eval.yaml`);
    const yaml = [
      `name: million-${n}`,
      `dataset: ${dataset}`,
      `target: { type: replay, path: ${replay} }`,
      'graders:',
      '  - { type: includes, name: correct }',
      'concurrency: 8',
      '',
    ].join('\n');
    await writeLines(evalFile, 1, () => yaml);
    files.push(evalFile);
  }
  return { evalFile: files[0]!, candidateFile: files[1]! };
}

interface Measured {
  readonly seconds: number;
  /** User + system CPU time: on a shared, loaded machine the figure that wall time would be if idle. */
  readonly cpuSeconds: number;
  readonly peakMb: number;
  readonly stdout: string;
}

/** Runs the CLI under /usr/bin/time -v: wall time from here, peak RSS (maximum resident set size) from time. */
function timed(args: readonly string[]): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-v', process.execPath, bin, ...args], { cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const cpu = ['User', 'System'].reduce((sum, kind) => {
        const m = new RegExp(`${kind} time \\(seconds\\): ([\\d.]+)`).exec(stderr);
        return sum + (m ? Number(m[1]) : NaN);
      }, 0);
      if (code !== 0 && code !== 1) reject(new Error(`assay ${args[0]} exited ${code}: ${stderr.slice(-2000)}`));
      else resolve({ seconds, cpuSeconds: cpu, peakMb: kb ? Number(kb[1]) / 1024 : NaN, stdout });
    });
  });
}

const line = (label: string, m: Measured) =>
  console.log(
    `  ${label.padEnd(44)} ${m.seconds.toFixed(2).padStart(7)} s   CPU ${m.cpuSeconds.toFixed(2).padStart(7)} s   peak RSS ${m.peakMb.toFixed(0).padStart(5)} MB`,
  );

console.log(
  `machine: ${execFileSync('nproc').toString().trim()} cores, load ${execFileSync('uptime').toString().trim()}`,
);
console.log('scenario: JSONL dataset (200-char inputs), replay target (300-char outputs), 1 rule grader, 1 repeat');
for (const n of sizes) {
  const t0 = performance.now();
  const { evalFile, candidateFile } = await generate(n);
  console.log(
    `\n${n.toLocaleString('en-US')} cases (data generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  const store = join(dir, `assay-${n}.db`);
  const runs: string[] = [];
  for (const [label, file] of [
    ['run (baseline)', evalFile],
    ['run (candidate)', candidateFile],
  ] as const) {
    const m = await timed(['run', file, '--store', store, '--no-cache', '--no-progress', '--json', '--no-gate']);
    runs.push((JSON.parse(m.stdout) as { runId: string }).runId);
    line(`assay ${label}`, m);
  }
  line('assay show (summary)', await timed(['show', runs[1]!, '--store', store]));
  line('assay show --json', await timed(['show', runs[1]!, '--store', store, '--json']));
  line('assay compare', await timed(['compare', runs[0]!, runs[1]!, '--store', store]));
  const opened = await openStore({ location: store });
  const app = createApp({ store: opened });
  for (const [label, path] of [
    ['dashboard: runs list', '/api/runs'],
    ['dashboard: run page (summary)', `/api/runs/${runs[1]}`],
    ['dashboard: run page (case table)', `/api/runs/${runs[1]}/trials?limit=50`],
  ] as const) {
    const started = performance.now();
    const res = await app.request(path);
    await res.arrayBuffer();
    console.log(
      `  ${label.padEnd(44)} ${((performance.now() - started) / 1000).toFixed(2).padStart(7)} s   (${res.status})`,
    );
  }
  await opened.close();
}
console.log(`\nload after: ${execFileSync('uptime').toString().trim()}`);
if (process.env.BENCH_KEEP) console.log(`kept: ${dir}`);
else rmSync(dir, { recursive: true, force: true });
