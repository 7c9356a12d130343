// `npm run demo`: runs release 1 and release 2 of the support bot, prints both summaries, then
// compares them and checks the shipping bar. Everything is local: no network, no API key.
import { demoCli } from '../demo-cli.mjs';

const store = '.assay/demo.db';
const { assay, section } = demoCli(store);

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
