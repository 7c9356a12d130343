// promptfoo and Assay on promptfoo's own benchmark shape (bench/workloads.ts), whole process
// each: N tests, prompt `Hello {{name}}, your id is {{id}}.`, three checks (contains, regex, a
// JavaScript function), concurrency 50, no cache. Two workloads: an instant echo, and the same
// echo behind a local OpenAI-compatible server that answers after 50 ms (bench/latency-server.ts,
// in its own process). Prints wall time, peak RSS and the ratios.
//
// promptfoo is measured only when PROMPTFOO_BIN names its executable, installed outside this
// repository (e.g. `npm install promptfoo@0.121.20` in a scratch folder). Needs `npm run build`.
// Run: PROMPTFOO_BIN=<folder>/node_modules/.bin/promptfoo npx tsx bench/side-by-side.ts [cases=10000] [repeats=3]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeAssayWorkload, writePromptfooWorkload, type Workload } from './workloads.js';

const cases = Number(process.argv[2] ?? 10_000);
const repeats = Number(process.argv[3] ?? 3);
const concurrency = 50;
const delayMs = 50;
const promptfoo = process.env.PROMPTFOO_BIN;
const root = fileURLToPath(new URL('../', import.meta.url));
const bin = join(root, 'bin/assay.js');
if (!existsSync(join(root, 'dist/cli/commands/command-manifest.json'))) {
  console.error('No build found: run `npm run build` first.');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'assay-side-by-side-'));
// Every Node process of a measured command records its peak RSS here when it exits.
const probe = join(work, 'rss-probe.mjs');
writeFileSync(
  probe,
  "import { appendFileSync } from 'node:fs';\n" +
    "process.on('exit', () => appendFileSync(process.env.RSS_PROBE_OUT, `${process.resourceUsage().maxRSS}\\n`));\n",
);

interface Measure {
  readonly seconds: number;
  readonly peakMb: number;
}

/** Runs a command to its end; wall time from spawn to exit, peak RSS of its largest Node process. */
async function measure(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<Measure> {
  const out = join(work, `rss-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
  const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(probe).href}`.trim();
  const started = performance.now();
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env, NODE_OPTIONS: nodeOptions, RSS_PROBE_OUT: out, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c, stderr: err }));
  });
  const seconds = (performance.now() - started) / 1000;
  // promptfoo exits 100 when some assertion fails; any other non-zero code is a failed measurement.
  if (code !== 0 && code !== 100) throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr}`);
  const kb = readFileSync(out, 'utf8').trim().split('\n').map(Number);
  return { seconds, peakMb: Math.max(...kb) / 1024 };
}

function median(values: readonly Measure[]): Measure {
  const sorted = [...values].sort((a, b) => a.seconds - b.seconds);
  return sorted[sorted.length >> 1];
}

async function startLatencyServer(): Promise<{ url: string; stop: () => void }> {
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./latency-server.ts', import.meta.url)), String(delayMs), '0', 'echo'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve) =>
    server.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
  );
  return { url, stop: () => server.kill() };
}

interface Row {
  readonly workload: string;
  readonly assay: Measure;
  readonly assayTs: Measure;
  readonly promptfoo?: Measure;
}

async function runWorkload(name: string, w: Workload): Promise<Row> {
  const dir = join(work, name.replace(/\W+/g, '-'));
  mkdirSync(dir);
  const evalFile = writeAssayWorkload(dir, w);
  const store = join(dir, 'assay.db');
  const assayRun = (file: string) =>
    measure(process.execPath, [bin, 'run', file, '--no-cache', '--no-progress', '--store', store], dir, {});
  const yaml: Measure[] = [];
  const ts: Measure[] = [];
  for (let i = 0; i < repeats; i++) {
    yaml.push(await assayRun(evalFile));
    ts.push(await assayRun(join(dir, 'workload.eval.ts')));
  }
  let pf: Measure | undefined;
  if (promptfoo) {
    const config = writePromptfooWorkload(dir, w);
    const env = {
      PROMPTFOO_CONFIG_DIR: join(dir, 'promptfoo-home'),
      PROMPTFOO_DISABLE_TELEMETRY: '1',
      PROMPTFOO_DISABLE_UPDATE: '1',
      OPENAI_API_KEY: 'bench',
    };
    const args = ['eval', '-c', config, '--no-cache', '-j', String(w.concurrency), '--no-progress-bar', '--no-table'];
    pf = await measure(promptfoo, args, dir, env);
  }
  return { workload: name, assay: median(yaml), assayTs: median(ts), promptfoo: pf };
}

const fmt = (m: Measure | undefined, digits = 2) =>
  m ? `${m.seconds.toFixed(digits)} s, ${Math.round(m.peakMb)} MB` : 'not measured';

try {
  const load = loadavg()[0];
  const rows: Row[] = [await runWorkload(`${cases.toLocaleString('en-US')} instant`, { cases, concurrency })];
  const server = await startLatencyServer();
  try {
    const ideal = (cases * delayMs) / 1000 / concurrency;
    const label = `${cases.toLocaleString('en-US')} × ${delayMs} ms, concurrency ${concurrency} (ideal ${ideal} s)`;
    rows.push(await runWorkload(label, { cases, concurrency, baseUrl: server.url }));
  } finally {
    server.stop();
  }
  console.log(
    `whole process, --no-cache, median of ${repeats} Assay runs and 1 promptfoo run; ` +
      `load average ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)} on ${new Date().toISOString().slice(0, 10)}`,
  );
  console.log('| workload | promptfoo | Assay (.eval.yaml) | Assay (.eval.ts) | speed-up | memory |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const speed = r.promptfoo ? `${(r.promptfoo.seconds / r.assay.seconds).toFixed(1)}×` : '—';
    const memory = r.promptfoo ? `${(r.promptfoo.peakMb / r.assay.peakMb).toFixed(1)}× less` : '—';
    console.log(
      `| ${r.workload} | ${fmt(r.promptfoo, 1)} | ${fmt(r.assay)} | ${fmt(r.assayTs)} | ${speed} | ${memory} |`,
    );
  }
  if (!promptfoo) console.log('promptfoo was not measured: set PROMPTFOO_BIN to its executable to compare.');
  console.log('targets: 10,000 instant ≤ 1.0 s; latency-bound ≤ 10.5 s (whole process, node bin/assay.js)');
} finally {
  rmSync(work, { recursive: true, force: true });
}
