// The runner's own overhead: an instant function target, 3 rule graders, trials stored in
// SQLite. Prints wall time (from the start of the run, after start-up), trials/s and peak
// RSS at 10,000 and 100,000 cases — memory must stay flat as the run grows.
// Run: npx tsx bench/overhead.ts
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const scenario = fileURLToPath(new URL('./run-scenario.ts', import.meta.url));
console.log('scenario: instant function target, 3 rule graders (includes, regex, length), SQLite store, concurrency 8');
// The last two keep the dataset at 10,000 cases and grow the run to 100,000 and 300,000 trials
// with repeats: what grows with the run (not with the dataset held in memory) shows there.
for (const [cases, repeats] of [
  [10_000, 1],
  [100_000, 1],
  [10_000, 10],
  [10_000, 30],
]) {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', scenario, String(cases), 'instant', '8', '', String(repeats)],
    { encoding: 'utf8' },
  );
  const r = JSON.parse(out.trim().split('\n').pop()!);
  const secs = r.runMs / 1000;
  console.log(
    `${String(cases).padStart(7)} cases × ${repeats} = ${String(r.trials).padStart(7)} trials: ${secs.toFixed(2)} s wall (trials ${(r.trialsMs / 1000).toFixed(2)} s + summary ${((r.runMs - r.trialsMs) / 1000).toFixed(2)} s), ` +
      `${Math.round(r.trials / secs)} trials/s, peak RSS ${r.peakRssMb.toFixed(0)} MB (${r.rssAtFirstThousandMb.toFixed(0)} MB after 1,000 trials), ` +
      `live JS heap after GC ${r.liveHeapMb.map((m: number) => m.toFixed(1)).join(' → ')} MB (after 1,000 trials → at the end)`,
  );
}
console.log('targets: 10,000 cases under 2 s and under 250 MB peak (promptfoo 0.121: ~75 s, ~1.1 GB)');
