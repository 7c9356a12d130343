// `node examples/rag-qa/run.mjs`: runs the RAG FAQ eval. Rule graders always run. The judge
// graders (faithfulness, answer relevance) need a model: set ASSAY_JUDGE_BASE_URL (an
// OpenAI-compatible endpoint; ASSAY_JUDGE_PROVIDER=anthropic|ollama for others, and
// ASSAY_JUDGE_MODEL) to run them. Without it they are skipped, and this script says so.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const store = process.env.ASSAY_STORE ?? '.assay/rag-qa.db';
const judge = process.env.ASSAY_JUDGE_BASE_URL;

if (judge) {
  console.log(
    `Judge graders 'faithful' and 'relevant' will call ${process.env.ASSAY_JUDGE_PROVIDER ?? 'openai'} ${process.env.ASSAY_JUDGE_MODEL ?? '(default model)'} at ${judge}.`,
  );
} else {
  console.log(
    "Judge graders 'faithful' and 'relevant' are SKIPPED: ASSAY_JUDGE_BASE_URL is not set, so there is no judge model to call.",
  );
  console.log('Set ASSAY_JUDGE_BASE_URL (and ASSAY_JUDGE_MODEL) to run them. The rule graders run either way.\n');
}

const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    'src/cli/dev-entry.ts',
    'run',
    'examples/rag-qa/rag-qa.eval.ts',
    '--store',
    store,
    ...process.argv.slice(2),
  ],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
console.log(`\nSee the judge prompt: npx assay explain faithful --eval examples/rag-qa/rag-qa.eval.ts`);
process.exitCode = result.status ?? 1;
