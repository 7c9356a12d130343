// Writes cases.jsonl and the two replay "models" from problems.mjs: `node make-data.mjs`.
// Each model answers every problem REPEATS times; a fixed pattern says which samples are wrong,
// so the files are the same on every run.
import { writeFileSync } from 'node:fs';
import { problems } from './problems.mjs';

const REPEATS = 3;
const here = new URL('./', import.meta.url);
const lines = (rows) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

writeFileSync(
  new URL('cases.jsonl', here),
  lines(
    problems.map((p) => ({
      id: p.name,
      input: p.prompt,
      expected: p.tests,
      slice: 'typical',
      source: 'synthetic',
      metadata: { topic: p.topic, language: p.language },
    })),
  ),
);

/** v1 gets one sample of every third problem wrong; v2 fixes those but gets most string samples wrong. */
const wrongSamples = {
  v1: (p, i) => (i % 3 === 0 ? [1] : []),
  v2: (p, i) => (p.topic === 'string' ? (i % 2 === 0 ? [0, 1, 2] : [0, 2]) : []),
};
for (const [model, wrong] of Object.entries(wrongSamples)) {
  const rows = problems.flatMap((p, i) =>
    Array.from({ length: REPEATS }, (_, repeat) => ({
      caseId: p.name,
      repeat,
      output: wrong(p, i).includes(repeat) ? p.wrong : p.right,
    })),
  );
  writeFileSync(new URL(`model-${model}.jsonl`, here), lines(rows));
}
console.log(`wrote ${problems.length} cases and two models × ${REPEATS} samples`);
