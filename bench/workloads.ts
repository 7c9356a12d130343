// promptfoo's own benchmark shape, written for both tools: N tests with the variables `name`
// and `id`, the prompt `Hello {{name}}, your id is {{id}}.`, an echo provider, and three checks
// (contains, regex, a JavaScript function). Used by bench/side-by-side.ts and bench/startup.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Workload {
  readonly cases: number;
  readonly concurrency: number;
  /** An OpenAI-compatible base URL that answers after a delay (bench/latency-server.ts), or none for an instant echo. */
  readonly baseUrl?: string;
}

const CHECK = `// The JavaScript check: the output names the user.
export default (testCase, output) => (output.text ?? '').includes(testCase.input.name);
`;

/**
 * Writes `cases.jsonl`, `check.mjs`, `workload.eval.yaml` and `workload.eval.ts` (the same eval
 * as TypeScript, to measure loading through tsx). Returns the YAML eval's path.
 */
export function writeAssayWorkload(dir: string, w: Workload): string {
  const lines = Array.from({ length: w.cases }, (_, i) =>
    JSON.stringify({ id: `case-${String(i).padStart(6, '0')}`, input: { name: `User ${i}`, id: i } }),
  );
  writeFileSync(join(dir, 'cases.jsonl'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'check.mjs'), CHECK);
  const prompt = 'Hello {{input.name}}, your id is {{input.id}}.';
  const target = w.baseUrl
    ? `{ type: openai, model: bench, baseUrl: '${w.baseUrl}', prompt: '${prompt}', retries: 0 }`
    : `{ type: mock, reply: '${prompt}' }`;
  writeFileSync(
    join(dir, 'workload.eval.yaml'),
    [
      'name: side-by-side',
      'dataset: ./cases.jsonl',
      `target: ${target}`,
      `concurrency: ${w.concurrency}`,
      'graders:',
      '  - { type: includes, name: contains, value: Hello }',
      `  - { type: regex, name: regex, pattern: 'your id is \\d+\\.$' }`,
      '  - { type: custom, name: js, module: ./check.mjs }',
      '',
    ].join('\n'),
  );
  const tsTarget = w.baseUrl
    ? `{ type: 'openai', model: 'bench', baseUrl: '${w.baseUrl}', prompt: '${prompt}', retries: 0 }`
    : `{ type: 'mock', reply: '${prompt}' }`;
  writeFileSync(
    join(dir, 'workload.eval.ts'),
    [
      'export default {',
      "  name: 'side-by-side',",
      "  dataset: './cases.jsonl',",
      `  target: ${tsTarget},`,
      `  concurrency: ${w.concurrency},`,
      '  graders: [',
      "    { type: 'includes', name: 'contains', value: 'Hello' },",
      "    { type: 'regex', name: 'regex', pattern: 'your id is \\\\d+\\\\.$' },",
      "    { type: 'custom', name: 'js', module: './check.mjs' },",
      '  ],',
      '};',
      '',
    ].join('\n'),
  );
  return join(dir, 'workload.eval.yaml');
}

/** Writes `promptfooconfig.yaml` and `tests.csv` for the same workload. Returns the config's path. */
export function writePromptfooWorkload(dir: string, w: Workload): string {
  const rows = Array.from({ length: w.cases }, (_, i) => `User ${i},${i}`);
  writeFileSync(join(dir, 'tests.csv'), `name,id\n${rows.join('\n')}\n`);
  const provider = w.baseUrl
    ? ['  - id: openai:chat:bench', '    config:', `      apiBaseUrl: ${w.baseUrl}`, '      apiKey: bench']
    : ['  - echo'];
  writeFileSync(
    join(dir, 'promptfooconfig.yaml'),
    [
      'description: side-by-side',
      'prompts:',
      "  - 'Hello {{name}}, your id is {{id}}.'",
      'providers:',
      ...provider,
      'tests: file://tests.csv',
      'defaultTest:',
      '  assert:',
      '    - { type: contains, value: Hello }',
      `    - { type: regex, value: 'your id is \\d+\\.$' }`,
      '    - { type: javascript, value: output.includes(context.vars.name) }',
      '',
    ].join('\n'),
  );
  return join(dir, 'promptfooconfig.yaml');
}
