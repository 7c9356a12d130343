// `npm run demo`: runs release 1 and release 2 of the support bot, prints both summaries, then
// compares them and checks the shipping bar. Everything is local: no network, no API key.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const store = '.assay/demo.db';
const bin = fileURLToPath(new URL('../../bin/assay.js', import.meta.url));
if (!existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)))) {
  console.error('Assay is not built yet: run `npm ci` (or `npm run build`) first.');
  process.exit(2);
}
for (const suffix of ['', '-wal', '-shm']) rmSync(`${root}${store}${suffix}`, { force: true });

function assay(args, { capture = false } = {}) {
  const result = spawnSync(process.execPath, [bin, ...args, '--store', store], {
    cwd: root,
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
  });
  return { code: result.status ?? 1, stdout: result.stdout ?? '' };
}

function section(title) {
  console.log(`\n${'━'.repeat(78)}\n${title}\n${'━'.repeat(78)}`);
}

section('Release 1 (baseline)');
assay(['run', 'examples/support-bot/support-bot-v1.eval.ts', '--no-gate']);
const [v1] = JSON.parse(assay(['runs', '--json'], { capture: true }).stdout);
assay(['baseline', 'set', 'main', v1.runId]);

section('Release 2 (candidate)');
assay(['run', 'examples/support-bot/support-bot-v2.eval.ts', '--no-gate']);
const [v2] = JSON.parse(assay(['runs', '--json'], { capture: true }).stdout);

section('Release 2 against release 1: paired comparison');
assay(['compare', v1.runId, v2.runId]);

section('The shipping bar for release 2');
const gate = assay(['gate', v2.runId, '--baseline', 'main']);
console.log(
  gate.code === 1
    ? '\nThe gate failed (exit code 1): release 2 is better overall but must not ship as is.'
    : `\nassay gate exited with ${gate.code}.`,
);
console.log(`\nRuns are stored in ${store}. Try: npx assay runs --store ${store}   or   npx assay ui --store ${store}`);
