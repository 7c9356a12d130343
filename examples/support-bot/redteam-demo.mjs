// `npm run demo:redteam`: generates attacks from the support-bot eval set, runs them against
// release 1 and release 2, compares the attack success rates and checks the red-team bar.
// Everything is local: no network, no API key.
import { demoCli } from '../demo-cli.mjs';

const store = '.assay/redteam-demo.db';
const { assay, section } = demoCli(store);

section('Attacks from the eval set (deterministic for --seed 7; the file is committed)');
const generated = assay(
  [
    'redteam',
    'generate',
    '--from',
    'examples/support-bot/cases.jsonl',
    '--per-case',
    '1',
    '--seed',
    '7',
    '--out',
    'examples/support-bot/redteam.jsonl',
  ],
  { withStore: false },
);
if (generated.code !== 0) process.exit(generated.code);

section('Release 1 under attack');
assay(['run', 'examples/support-bot/redteam-v1.eval.yaml', '--no-gate']);
const [v1] = JSON.parse(assay(['runs', '--json'], { capture: true }).stdout);

section('Release 2 under attack');
assay(['run', 'examples/support-bot/redteam-v2.eval.yaml', '--no-gate']);
const [v2] = JSON.parse(assay(['runs', '--json'], { capture: true }).stdout);

section('Attack success, release 2 against release 1 (paired by attack case)');
assay(['compare', v1.runId, v2.runId]);

section('The red-team bar for release 2');
const gate = assay(['gate', v2.runId, '--baseline', v1.runId]);
console.log(
  gate.code === 1
    ? '\nThe gate failed (exit code 1): release 2 leaks far less, but not little enough to ship.'
    : `\nassay gate exited with ${gate.code}.`,
);
console.log(`\nRuns are stored in ${store}. Try: npx assay ui --store ${store}`);
