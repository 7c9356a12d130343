// `npm run demo:agent`: runs release 1 and release 2 of the help-desk agent (tools, multi-turn
// conversations), then compares them paired by conversation. Everything is local: no network, no API key.
import { demoCli } from '../demo-cli.mjs';

const store = '.assay/demo-agent.db';
const { assay, section } = demoCli(store);

section('Release 1 of the support agent: refunds without looking, never escalates');
assay(['run', 'examples/support-agent/support-agent-v1.eval.ts', '--no-gate']);
const [v1] = JSON.parse(assay(['runs', '--json'], { capture: true }).stdout);

section('Release 2: checks the order first, escalates angry customers and large refunds');
assay(['run', 'examples/support-agent/support-agent-v2.eval.ts', '--no-gate']);
const [v2] = JSON.parse(assay(['runs', '--json'], { capture: true }).stdout);

section('Release 2 against release 1, paired by conversation');
assay(['compare', v1.runId, v2.runId]);

console.log(
  `\nEach conversation's timeline (user, assistant, tool calls, tool results, per-turn scores) is on its case page:` +
    `\n  npx assay ui --store ${store}`,
);
