import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchemas, postgresTestUrl, uniqueSchema, withSchema } from '../../test/helpers/postgres.js';
import { loadEvalFile } from '../config/load-eval-file.js';
import { resolveEval } from '../config/resolve-eval.js';
import { runEval } from '../run-eval.js';
import { openStore } from '../store/open-store.js';
import { outputAccountingProblem } from '../targets/output/output-accounting.js';

// A target reports its own tokens, cost and latency. Both stores keep them as numbers (Postgres
// token counts as integers), so a bad one must end as that trial's error, on every store,
// rather than as a refused batch that fails the run or as a value one store keeps and the
// other refuses.

describe('outputAccountingProblem', () => {
  it('accepts what targets normally report', () => {
    expect(outputAccountingProblem({ text: 'hi' })).toBeUndefined();
    expect(
      outputAccountingProblem({
        text: 'hi',
        usage: { inputTokens: 0, outputTokens: 12, totalTokens: 12 },
        costUsd: 0.00012,
        latencyMs: 51.3,
      }),
    ).toBeUndefined();
    expect(outputAccountingProblem({ value: 1, costUsd: null, usage: {} })).toBeUndefined();
  });

  it.each([
    [{ text: 'x', usage: { inputTokens: 7.5 } }, 'usage.inputTokens is 7.5; token counts must be whole numbers'],
    [{ text: 'x', usage: { outputTokens: -1 } }, 'usage.outputTokens is -1'],
    [{ text: 'x', usage: { totalTokens: '12' } }, 'usage.totalTokens is "12"'],
    [{ text: 'x', usage: { inputTokens: Number.NaN } }, 'usage.inputTokens is NaN'],
    [{ text: 'x', usage: { inputTokens: 2 ** 60 } }, 'usage.inputTokens is 1152921504606847000'],
    [{ text: 'x', usage: 12 }, 'usage is 12; it must be an object'],
    [{ text: 'x', usage: [1, 2] }, 'usage is an array'],
    [{ text: 'x', costUsd: '0.01' }, 'costUsd is "0.01"; it must be a finite number of at least 0, or null'],
    [{ text: 'x', costUsd: Number.POSITIVE_INFINITY }, 'costUsd is Infinity'],
    [{ text: 'x', costUsd: -0.5 }, 'costUsd is -0.5'],
    [{ text: 'x', latencyMs: -3 }, 'latencyMs is -3; it must be a finite number of milliseconds'],
    [{ text: 'x', latencyMs: 'fast' }, 'latencyMs is "fast"'],
    [undefined, 'the output is undefined, not an object'],
  ])('names the field and the rule: %j', (output, message) => {
    expect(outputAccountingProblem(output as never)).toContain(message);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'assay-output-accounting-'));
const url = await postgresTestUrl('output accounting on Postgres');
const schemas: string[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (url) await dropSchemas(url, schemas);
});

writeFileSync(
  join(dir, 'cases.jsonl'),
  ['good', 'fractional', 'text-cost', 'good-2'].map((id) => JSON.stringify({ id, input: id })).join('\n') + '\n',
);
writeFileSync(
  join(dir, 'target.mjs'),
  `export default (c) => {
  if (c.input === 'fractional') return { text: 'a', usage: { inputTokens: 7.5, outputTokens: 2 } };
  if (c.input === 'text-cost') return { text: 'b', costUsd: '0.01' };
  return { text: 'fine', usage: { inputTokens: 7, outputTokens: 2 }, costUsd: 0.001 };
};
`,
);
writeFileSync(
  join(dir, 'acc.eval.yaml'),
  [
    'name: accounting',
    'dataset: ./cases.jsonl',
    'target: { type: function, module: ./target.mjs }',
    'graders:',
    '  - { type: includes, name: fine, value: fine }',
    '',
  ].join('\n'),
);

async function runOn(location: string) {
  const store = await openStore({ location });
  try {
    const ev = await resolveEval(await loadEvalFile(join(dir, 'acc.eval.yaml')));
    const result = await runEval({ store, eval: ev, gitCommit: null });
    const trials = await store.trials.list(result.runId);
    return { status: result.status, trials: new Map(trials.map((t) => [t.caseId, t])) };
  } finally {
    await store.close();
  }
}

async function expectErrorTrials(location: string) {
  const { status, trials } = await runOn(location);
  expect(status).toBe('completed');
  expect(trials.size).toBe(4);
  expect(trials.get('good')!.error).toBeNull();
  expect(trials.get('good')!.output).toMatchObject({ costUsd: 0.001, usage: { inputTokens: 7, outputTokens: 2 } });
  expect(trials.get('good-2')!.scores.map((s) => s.value)).toEqual([1]);
  expect(trials.get('fractional')!.error).toBe(
    'Target returned an output that cannot be stored: usage.inputTokens is 7.5; token counts must be whole numbers of at least 0.',
  );
  expect(trials.get('fractional')!.output).toBeNull();
  expect(trials.get('fractional')!.scores).toEqual([]);
  expect(trials.get('text-cost')!.error).toContain('costUsd is "0.01"');
}

describe('a target reporting numbers a store cannot keep', () => {
  it('makes those trials errors and completes the run (SQLite)', async () => {
    await expectErrorTrials(join(dir, 'acc.db'));
  });

  it.skipIf(!url)('makes those trials errors and completes the run (Postgres)', async () => {
    const schema = uniqueSchema('accounting');
    schemas.push(schema);
    await expectErrorTrials(withSchema(url!, schema));
  });
});
