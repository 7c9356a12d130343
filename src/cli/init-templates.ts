/** The files `assay init` writes: a working eval a new user can run, then edit. */

export const INIT_CASES = [
  {
    id: 'refund-1',
    input: 'How do I get a refund?',
    expected: 'refund',
    slice: 'typical',
    metadata: { intent: 'refund' },
  },
  { id: 'refund-2', input: 'i want my money back', expected: 'refund', slice: 'edge', metadata: { intent: 'refund' } },
  {
    id: 'ship-1',
    input: 'Where is my parcel?',
    expected: 'shipping',
    slice: 'typical',
    metadata: { intent: 'shipping' },
  },
  {
    id: 'ship-2',
    input: 'my order never arrived',
    expected: 'shipping',
    slice: 'edge',
    metadata: { intent: 'shipping' },
  },
  {
    id: 'other-1',
    input: 'Do you sell gift cards?',
    expected: 'other',
    slice: 'typical',
    metadata: { intent: 'other' },
  },
];

export function initCasesJsonl(): string {
  return `${INIT_CASES.map((c) => JSON.stringify(c)).join('\n')}\n`;
}

export function initEvalFile(evalPath: string, datasetFile: string): string {
  return `/*
 * An Assay eval: a dataset, the system under test (the target) and graders.
 *
 *   npx assay run ${evalPath}    run it; every trial is stored in .assay/assay.db
 *   npx assay show latest                 the last run's summary, with intervals
 *   npx assay compare <before> <after>    a paired comparison of two runs
 *   npx assay ui                          the dashboard
 *
 * Next steps: put your own cases in ${datasetFile} (one JSON object a line: id, input,
 * expected, slice, metadata), replace \`classify\` with a call to your feature (a function,
 * or a target such as { type: 'openai', model: '…' }), and pick graders that say what a good
 * answer is. The README lists every grader, target and gate.
 */
import { defineEval } from 'assay';

/** The system under test. Replace it with a call to your model, prompt or service. */
async function classify(message: string): Promise<string> {
  const text = message.toLowerCase();
  if (/refund|money back/.test(text)) return 'refund';
  if (/parcel|order|deliver/.test(text)) return 'shipping';
  return 'other';
}

export default defineEval({
  name: 'intent',
  dataset: './${datasetFile}',
  target: async (testCase) => classify(String(testCase.input)),
  graders: [{ type: 'exact', name: 'correct' }],
  gates: [{ grader: 'correct', minPassRate: 0.8 }],
});
`;
}
