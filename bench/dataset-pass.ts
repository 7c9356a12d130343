/**
 * The dataset pass at run start: CPU ms of `openDataset` (validate + version in one streaming
 * pass) and of one full iteration of `ds.cases` (the re-read the trials and the store do), for
 * three JSONL shapes at 10,000 and 100,000 rows. Each figure is the median of several fresh
 * processes (a run starts cold, so the JIT warm-up belongs to the figure); CPU time rather than
 * wall time, because it holds on a shared machine. The dataset version is printed too, so a
 * change that alters it shows at once, and the child's peak RSS (flat in the number of rows). The children load the compiled code in dist/, as a run
 * does (tsx's transform adds a call per closure created), so it needs a build first.
 *
 *   npm run build:lib && npx tsx bench/dataset-pass.ts [runs=5] [sizes=10000,100000]
 *
 * BENCH_DIST=<dist>,<dist> measures other builds instead (say one of main and one of a branch,
 * each compiled with `npx tsc -p tsconfig.build.json`), their runs interleaved.
 *
 * Shapes: `bench` is bench/workloads.ts (`{"id":"case-000001","input":{"name":"User 1","id":1}}`);
 * `rich` has a ~200-character string input, an expected answer, a slice and 3 metadata fields;
 * `noid` is the bench shape without ids (each id generated from a hash of input and expected).
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROW_SHAPES } from '../src/datasets/row-shapes-fixture.js';

/** The measuring child: plain Node on the compiled code, one dataset path as its argument. */
const CHILD = `
const { openDataset } = await import(process.argv[2]);
const cpuMs = (since) => { const u = process.cpuUsage(since); return (u.user + u.system) / 1000; };
let start = process.cpuUsage();
const ds = await openDataset(process.argv[1], { baseDir: process.cwd() });
const pass = cpuMs(start);
start = process.cpuUsage();
let n = 0;
for await (const c of ds.cases) n += c.id.length > 0 ? 1 : 0;
const reread = cpuMs(start);
if (n !== ds.cases.length) throw new Error('read ' + n + ' cases, expected ' + ds.cases.length);
const rssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify({ pass, reread, rssMb, version: ds.version }));
`;

async function write(path: string, rows: number, row: (i: number) => unknown): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < rows; i++) if (!out.write(`${JSON.stringify(row(i))}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'close');
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The builds to measure: this checkout's dist/, or the dist/ folders in BENCH_DIST (comma-separated). */
function builds(): { readonly label: string; readonly module: string }[] {
  const dists = process.env.BENCH_DIST?.split(',') ?? [fileURLToPath(new URL('../dist', import.meta.url))];
  return dists.map((dist, i) => {
    const module = join(resolve(dist), 'datasets', 'open-dataset.js');
    if (!existsSync(module)) throw new Error(`No build in ${dist}: run \`npm run build:lib\` first.`);
    return { label: dists.length > 1 ? `#${i + 1}` : '', module: pathToFileURL(module).href };
  });
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5);
  const sizes = (process.argv[3] ?? '10000,100000').split(',').map(Number);
  const measuredBuilds = builds();
  const dir = mkdtempSync(join(tmpdir(), 'assay-bench-dataset-pass-'));
  try {
    console.log(`dataset pass: CPU ms, median of ${runs} fresh processes`);
    for (const b of measuredBuilds) if (b.label) console.log(`${b.label} = ${b.module}`);
    console.log('shape  rows     build   pass ms   re-read ms   peak RSS MB   version');
    for (const [shape, row] of Object.entries(ROW_SHAPES)) {
      for (const rows of sizes) {
        const path = join(dir, `${shape}-${rows}.jsonl`);
        await write(path, rows, row);
        const measured = measuredBuilds.map(
          () => [] as { pass: number; reread: number; rssMb: number; version: string }[],
        );
        // Runs of several builds alternate, so a change in the machine's load falls on all of them.
        for (let r = 0; r < runs; r++) {
          for (const [i, b] of measuredBuilds.entries()) {
            const out = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, path, b.module], {
              encoding: 'utf8',
            });
            if (out.status !== 0) throw new Error(out.stderr);
            measured[i]!.push(
              JSON.parse(out.stdout) as { pass: number; reread: number; rssMb: number; version: string },
            );
          }
        }
        for (const [i, b] of measuredBuilds.entries()) {
          const pass = median(measured[i]!.map((m) => m.pass)).toFixed(1);
          const reread = median(measured[i]!.map((m) => m.reread)).toFixed(1);
          const rss = median(measured[i]!.map((m) => m.rssMb)).toFixed(0);
          const line = [shape.padEnd(6), String(rows).padEnd(8), b.label.padEnd(5), pass.padStart(8)];
          console.log(`${line.join(' ')}   ${reread.padStart(10)}   ${rss.padStart(11)}   ${measured[i]![0]!.version}`);
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
