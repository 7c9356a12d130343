/**
 * Streaming eval-set build over a synthetic production log: wall time, lines/s and peak RSS at
 * 100K and 1M lines (each measured in a fresh process so the figures do not mix).
 *
 *   npx tsx bench/dataset-build.ts [lines=1000000]
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFromLogs } from '../src/datasets/build/build-from-logs.js';
import { syntheticLogLines } from '../src/datasets/logs/synthetic-logs.js';

async function child(path: string): Promise<void> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const start = performance.now();
  const { report } = await buildFromLogs({
    from: path,
    size: 500,
    strata: ['intent', 'language'],
    seed: 1,
    minPerStratum: 5,
  });
  const ms = performance.now() - start;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  process.stdout.write(
    JSON.stringify({
      lines: report.lines,
      ms,
      peakRssMb: peak / 2 ** 20,
      removed: report.removedDuplicates.total,
      sampled: report.sampled,
    }),
  );
}

async function writeLogs(path: string, lines: number): Promise<void> {
  const out = createWriteStream(path);
  for (const l of syntheticLogLines({ lines, seed: 42 })) if (!out.write(`${l.json}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'close');
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]);
  const total = Number(process.argv[2] ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'assay-bench-'));
  try {
    const sizes = [...new Set([Math.min(100_000, total), total])];
    const self = fileURLToPath(import.meta.url);
    console.log('dataset build: size 500, strata intent×language, proportional, min 5 per stratum');
    console.log('lines      wall s   lines/s     peak RSS MB   removed dups   sampled');
    const runs: [number, string[]][] = sizes.map((n) => [n, []]);
    // The same 1M build with the old space capped at 48 MB: it completes, so the working set is bounded.
    runs.push([total, ['--max-old-space-size=48']]);
    for (const [n, flags] of runs) {
      const path = join(dir, `logs-${n}.jsonl`);
      if (flags.length === 0) await writeLogs(path, n);
      const r = spawnSync(process.execPath, [...flags, '--import', 'tsx', self, '--child', path], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      const m = JSON.parse(r.stdout) as {
        lines: number;
        ms: number;
        peakRssMb: number;
        removed: number;
        sampled: number;
      };
      console.log(
        `${String(m.lines).padEnd(10)} ${(m.ms / 1000).toFixed(2).padStart(6)}   ${Math.round(m.lines / (m.ms / 1000))
          .toString()
          .padStart(
            8,
          )}   ${m.peakRssMb.toFixed(1).padStart(11)}   ${String(m.removed).padStart(12)}   ${m.sampled}  ${flags.join(' ')}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
