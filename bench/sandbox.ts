// Sandbox start-up overhead per backend over a bare `python3 -c pass`, then HumanEval's 164
// problems × 10 samples end to end through `assay run` (goal: ≤ 30 ms overhead per execution).
//   npx tsx bench/sandbox.ts            (ASSAY_HUMANEVAL=path overrides ../shared/data/humaneval/HumanEval.jsonl.gz)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultLimits } from '../src/graders/code/sandbox/limits.js';
import { probeSandbox, sandboxOf } from '../src/graders/code/sandbox/select-sandbox.js';
import type { SandboxName } from '../src/graders/code/sandbox/sandbox.js';
import { SANDBOX_ENV } from '../src/graders/code/sandbox/sandbox-user.js';

const python = '/usr/bin/python3';
const RUNS = 40;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function bare(): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(python, ['-I', '-B', '-c', 'pass'], { stdio: 'ignore', env: { ...SANDBOX_ENV } });
    child.on('error', reject);
    child.on('close', () => resolve());
  });
  return performance.now() - started;
}

console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')} on ${availableParallelism()} cores`,
);
const baseline: number[] = [];
for (const name of ['bwrap', 'unshare', 'none'] as SandboxName[]) {
  const reason = await probeSandbox(name);
  if (reason !== null) {
    console.log(`${name}: not available (${reason})`);
    continue;
  }
  const sandbox = sandboxOf(name);
  const limits = defaultLimits();
  const run = async () => {
    const started = performance.now();
    const r = await sandbox.run({ command: [python, '-I', '-B', '-c', 'pass'], files: [], limits });
    if (r.exitCode !== 0) throw new Error(`${name}: exit ${r.exitCode}: ${r.stderr}`);
    return performance.now() - started;
  };
  await run();
  // Bare and sandboxed runs alternate, so machine noise hits both alike; the overhead is the median paired difference.
  const times: number[] = [];
  const overheads: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const b = await bare();
    const t = await run();
    baseline.push(b);
    times.push(t);
    overheads.push(t - b);
  }
  console.log(
    `${name}: ${median(times).toFixed(1)} ms per execution, overhead ${median(overheads).toFixed(1)} ms over bare (median of ${RUNS} pairs)`,
  );
}
console.log(`bare python3 -I -B -c pass (same environment): ${median(baseline).toFixed(1)} ms (median)`);

const root = fileURLToPath(new URL('../', import.meta.url));
const data = process.env.ASSAY_HUMANEVAL ?? join(root, '..', 'shared', 'data', 'humaneval', 'HumanEval.jsonl.gz');
if (!existsSync(data)) {
  console.log(`HumanEval 164 × 10: skipped (no data at ${data}; set ASSAY_HUMANEVAL)`);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'assay-bench-sandbox-'));
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [join(root, 'bin/assay.js'), ...args], { cwd: dir, encoding: 'utf8' });
  cli(['import', 'humaneval', data, '--out', 'cases.jsonl', '--solutions', 'canonical.jsonl']);
  writeFileSync(
    join(dir, 'he.eval.yaml'),
    [
      'name: humaneval-bench',
      'dataset: ./cases.jsonl',
      'target: { type: replay, path: ./canonical.jsonl }',
      'repeats: 10',
      'concurrency: 16',
      'graders:',
      '  - { type: code, name: tests, harness: humaneval, timeoutMs: 20000 }',
      '',
    ].join('\n'),
  );
  const started = performance.now();
  const run = cli(['run', 'he.eval.yaml', '--json', '--store', 'runs.db', '--no-gate']);
  const seconds = (performance.now() - started) / 1000;
  const summary = JSON.parse(run.stdout) as {
    counts: { trials: number; errors: number };
    graders: { passRate: { value: number } }[];
  };
  console.log(
    `HumanEval 164 × 10 end to end (${availableParallelism()} cores, pool ${availableParallelism()}): ${seconds.toFixed(1)} s, ` +
      `${summary.counts.trials} trials, pass rate ${(summary.graders[0]!.passRate.value * 100).toFixed(1)}%, ` +
      `${((seconds * 1000) / summary.counts.trials).toFixed(1)} ms per trial`,
  );
  rmSync(dir, { recursive: true, force: true });
}
