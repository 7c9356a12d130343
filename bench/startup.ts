// Start-up of the built CLI, whole process: median wall time of `assay --help`, `assay runs`
// (a store holding a few runs) and `assay run --help`, each started as a child process
// (`node bin/assay.js …`), beside `node -e 0` (the floor no CLI can beat on this machine).
// Also the CPU time each process used (user + system, read at its exit: on a loaded machine
// wall time mostly measures the wait for a core) and the modules it loads. Needs `npm run build`.
// Run: npx tsx bench/startup.ts [rounds=15]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAssayWorkload } from './workloads.js';

const rounds = Number(process.argv[2] ?? 15);
const root = fileURLToPath(new URL('../', import.meta.url));
const bin = join(root, 'bin/assay.js');
const tracer = join(root, 'test/helpers/import-trace.mjs');
if (!existsSync(join(root, 'dist/cli/commands/command-manifest.json'))) {
  console.error('No build found: run `npm run build` first.');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'assay-startup-'));
const store = join(dir, 'assay.db');
const cpuProbe = join(dir, 'cpu-probe.mjs');
writeFileSync(
  cpuProbe,
  "import { appendFileSync } from 'node:fs';\n" +
    "process.on('exit', () => { const u = process.cpuUsage(); appendFileSync(process.env.CPU_PROBE_OUT, `${(u.user + u.system) / 1000}\\n`); });\n",
);
const env = { ...process.env, NO_COLOR: '1' };
try {
  const evalFile = writeAssayWorkload(dir, { cases: 200, concurrency: 50 });
  for (let i = 0; i < 3; i++) {
    execFileSync(process.execPath, [bin, 'run', evalFile, '--store', store, '--no-progress'], { env, stdio: 'ignore' });
  }
  const commands: [string, string[]][] = [
    ['node -e 0 (floor)', ['-e', '0']],
    ['assay --help', [bin, '--help']],
    ['assay runs (3 runs stored)', [bin, 'runs', '--store', store]],
    ['assay run --help', [bin, 'run', '--help']],
  ];
  const times = new Map<string, number[]>(commands.map(([name]) => [name, []]));
  const cpu = new Map<string, number[]>(commands.map(([name]) => [name, []]));
  // Interleaved, so a change in the machine's load touches every command alike. Wall time
  // without the probe; CPU time in a second run of each, with it.
  for (let r = 0; r < rounds; r++) {
    for (const [name, args] of commands) {
      const started = performance.now();
      const result = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
      times.get(name)!.push(performance.now() - started);
      if (result.status !== 0) throw new Error(`${name} exited with ${result.status}`);
      const out = join(dir, 'cpu.txt');
      rmSync(out, { force: true });
      spawnSync(process.execPath, ['--import', cpuProbe, ...args], {
        env: { ...env, CPU_PROBE_OUT: out },
        stdio: 'ignore',
      });
      cpu.get(name)!.push(Number(readFileSync(out, 'utf8').trim()));
    }
  }
  console.log(`start-up, median of ${rounds} runs each (load average ${loadavg()[0].toFixed(1)} on this machine):`);
  for (const [name, args] of commands) {
    const ms = times.get(name)!.sort((a, b) => a - b);
    const modules = name.startsWith('node') ? '' : ` · ${countModules(args)} modules loaded`;
    const range = `${(ms[0] / 1000).toFixed(3)}–${(ms[ms.length - 1] / 1000).toFixed(3)} s`;
    const cpuMs = median(cpu.get(name)!.sort((a, b) => a - b)).toFixed(0);
    console.log(`  ${name.padEnd(28)} ${(median(ms) / 1000).toFixed(3)} s wall (${range}), ${cpuMs} ms CPU${modules}`);
  }
  console.log('target: assay --help and assay runs ≤ 0.15 s wall');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Distinct modules (ours and packages) the command loads, from the import tracer. */
function countModules(args: readonly string[]): number {
  const trace = join(dir, 'trace.txt');
  rmSync(trace, { force: true });
  spawnSync(process.execPath, ['--import', tracer, ...args], {
    env: { ...env, ASSAY_IMPORT_TRACE: trace },
    stdio: 'ignore',
  });
  const urls = readFileSync(trace, 'utf8').split('\n');
  return new Set(urls.filter((u) => u.startsWith('file:'))).size;
}
