// `npm run demo:code`: runs two replayed code models over 20 problems (3 samples each), grades
// every sample by running its tests in a sandbox, compares the models and checks the shipping
// bar. Everything is local: no network, no API key.
import { demoCli } from '../demo-cli.mjs';

const store = '.assay/demo-code.db';
const { assay, section } = demoCli(store);

const started = performance.now();
section('Model v1 (baseline)');
if (assay(['run', 'examples/code-completion/code-completion-v1.eval.yaml', '--no-gate']).code === 2) process.exit(2);
const [v1] = JSON.parse(assay(['runs', '--json'], { capture: true }).stdout);
assay(['baseline', 'set', 'code-main', v1.runId]);

section('Model v2 (candidate)');
assay(['run', 'examples/code-completion/code-completion-v2.eval.yaml', '--no-gate']);
const [v2] = JSON.parse(assay(['runs', '--json'], { capture: true }).stdout);

section('Model v2 against model v1: paired by problem');
assay(['compare', v1.runId, v2.runId]);

section('The shipping bar for model v2');
const gate = assay(['gate', v2.runId, '--baseline', 'code-main']);
console.log(
  gate.code === 1
    ? '\nThe gate failed (exit code 1): v2 regresses on string problems and must not ship as is.'
    : `\nassay gate exited with ${gate.code}.`,
);
console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s. Runs are stored in ${store}.`);
