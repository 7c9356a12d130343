import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/program.js';
import { createRng, type Rng } from '../../src/stats/rng.js';

// A seeded corpus of malformed datasets, eval files, label files and logs, each fed to the CLI
// command that reads it (in this process, for speed). Every one must end in a clean message:
// no "Unexpected error", no stack trace, no hang.

const SEED = 1212;
const PER_KIND = 55;
const dir = mkdtempSync(join(tmpdir(), 'assay-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VALID = {
  jsonl: [
    '{"id":"a","input":"hi","expected":"hi","metadata":{"lang":"en"}}',
    '{"id":"b","input":[{"role":"user","content":"yo"}],"weight":2}',
  ].join('\n'),
  csv: 'id,input,expected,slice\na,"hi, there",hi,edge\nb,yo,yo,typical\n',
  yaml: '- id: a\n  input: hi\n  expected: hi\n- &base\n  id: b\n  input: yo\n',
  json: '{"name":"d","cases":[{"id":"a","input":"hi"},{"id":"b","input":{"q":1}}]}',
  eval: 'name: fz\ndataset: ./ok.jsonl\ntarget: { type: mock }\ngraders: [{ type: includes, name: g, value: "{{expected}}" }]\nrepeats: 1\n',
  labelsJsonl: '', // filled in once the seed run exists
  labelsCsv: '',
  logJsonl: Array.from({ length: 12 }, (_, i) =>
    JSON.stringify({ input: `question number ${i}`, intent: i % 2 ? 'billing' : 'login' }),
  ).join('\n'),
  logCsv: `input,intent\n${Array.from({ length: 12 }, (_, i) => `question number ${i},${i % 2 ? 'billing' : 'login'}`).join('\n')}\n`,
};

const SNIPPETS = [
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '\n',
  '\r\n',
  '\u0000',
  '\u001B[2J',
  '\uFEFF',
  '\\',
  '&a',
  '*a',
  '!!binary',
  '- ',
  '  ',
  '"constructor":1,',
  '"__proto__":{"x":1},',
  '"toString":"x",',
  '"weight":"heavy",',
  '"weight":-1,',
  '"input":null,',
  '"id":"a",',
  '1e999',
  'NaN',
  '---\n',
  '%YAML 1.2\n',
  '\uD800',
  '🙂',
  '""',
  '"a""b',
  '<<: *a\n',
];

function mutate(text: string, rng: Rng): string {
  let t = text;
  const steps = 1 + rng.int(4);
  for (let s = 0; s < steps; s++) {
    const at = rng.int(t.length + 1);
    switch (rng.int(6)) {
      case 0:
        t = t.slice(0, at);
        break;
      case 1:
        t = t.slice(0, at) + SNIPPETS[rng.int(SNIPPETS.length)] + t.slice(at);
        break;
      case 2:
        t = t.slice(0, at) + t.slice(at + 1 + rng.int(8));
        break;
      case 3:
        t = t.slice(0, at) + t.slice(rng.int(t.length + 1));
        break;
      case 4:
        t = t + t.slice(0, at);
        break;
      default:
        t = Buffer.from(Array.from({ length: 1 + rng.int(40) }, () => rng.int(256))).toString('latin1') + t.slice(at);
    }
  }
  return t;
}

/** Hand-made worst cases added to the random ones. */
const SPECIAL = {
  jsonl: [
    `{"id":"deep","input":${'['.repeat(6000)}${']'.repeat(6000)}}`,
    `{"id":"deep2","input":"x","expected":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`,
    '{"constructor":"x","input":"hi"}',
    '{"toString":"x","input":"hi"}',
    '{"__proto__":{"id":"p"},"input":"hi"}',
    '',
  ],
  csv: ['id,input\na,"never closed\nb,yo\n', 'input\n"a""\n', '\uFEFFid,input\n"x",y,"z\n'],
  yaml: [
    `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n${Array.from(
      { length: 8 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(',')}]`,
    ).join('\n')}\ncases: []\n`,
    `- &x {id: a, input: hi}\n${Array.from({ length: 300 }, (_, i) => `- {id: c${i}, input: *x}`).join('\n')}\n`,
    '- input: *nowhere\n',
    '- {id: a, input: hi, id: b}\n',
  ],
  eval: [
    `x: &x [1,1,1,1,1,1,1,1,1,1]\n${Array.from(
      { length: 8 },
      (_, i) =>
        `y${i}: &y${i} [${Array(10)
          .fill(i === 0 ? '*x' : `*y${i - 1}`)
          .join(',')}]`,
    ).join('\n')}\n`,
    'name: fz\ndataset: ./ok.jsonl\ntarget: { type: mock, constructor: 1 }\ngraders: [{ type: includes }]\n',
    'name: fz\ndataset: ./ok.jsonl\ntarget: { type: command }\ngraders: [{ type: nope }]\nconstructor: 1\n',
    'name: fz\ndataset: ./missing.jsonl\ntarget: { type: mock }\ngraders: [{ type: includes }]\n',
  ],
  logCsv: ['input,intent\n"hello,billing\nworld,x\n', 'input\n"\n'],
  logJsonl: ['{"input": "x"', '[1,2]', `{"input":${'['.repeat(6000)}${']'.repeat(6000)}}`],
};

interface Outcome {
  readonly file: string;
  readonly code: number | 'hang';
  readonly stderr: string;
}

/** Runs the CLI in this process, capturing what it prints; a run over 20 s counts as a hang. */
async function cli(args: string[], file: string): Promise<Outcome> {
  const chunks = { out: '', err: '' };
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((c: string | Uint8Array) => ((chunks.out += String(c)), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => ((chunks.err += String(c)), true)) as typeof process.stderr.write;
  process.exitCode = undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const hang = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), 20_000)));
    const code = await Promise.race([main(args), hang]);
    return { file, code, stderr: chunks.err };
  } finally {
    clearTimeout(timer);
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = undefined;
  }
}

const outcomes: Outcome[] = [];
let n = 0;

function writeCase(folder: string, name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

beforeAll(async () => {
  const rng = createRng(SEED);
  const store = join(dir, 'seed.db');
  writeFileSync(join(dir, 'ok.jsonl'), VALID.jsonl);
  writeFileSync(join(dir, 'seed.eval.yaml'), VALID.eval);
  const seeded = await cli(
    ['run', join(dir, 'seed.eval.yaml'), '--store', store, '--no-progress', '--json', '--max-error-rate', '1'],
    'seed',
  );
  expect(seeded.code).toBe(0);
  const labels = [{ runId: 'x', caseId: 'a', grader: 'g', label: 'pass', reviewer: 'r' }];
  VALID.labelsJsonl = labels.map((l) => JSON.stringify(l)).join('\n');
  VALID.labelsCsv = 'runId,caseId,repeat,grader,label,reviewer\nx,a,0,g,pass,r\n';

  const kinds: { kind: string; ext: string; base: string; special?: string[]; command: (path: string) => string[] }[] =
    [
      { kind: 'dataset', ext: 'jsonl', base: VALID.jsonl, special: SPECIAL.jsonl, command: datasetRun },
      { kind: 'dataset', ext: 'csv', base: VALID.csv, special: SPECIAL.csv, command: datasetRun },
      { kind: 'dataset', ext: 'yaml', base: VALID.yaml, special: SPECIAL.yaml, command: datasetRun },
      { kind: 'dataset', ext: 'json', base: VALID.json, command: datasetRun },
      {
        kind: 'eval',
        ext: 'eval.yaml',
        base: VALID.eval,
        special: SPECIAL.eval,
        command: (p) => ['run', p, '--store', join(dir, 'evals.db'), '--no-progress'],
      },
      {
        kind: 'labels',
        ext: 'jsonl',
        base: VALID.labelsJsonl,
        command: (p) => ['review', 'import', p, '--store', store],
      },
      { kind: 'labels', ext: 'csv', base: VALID.labelsCsv, command: (p) => ['review', 'import', p, '--store', store] },
      { kind: 'log', ext: 'jsonl', base: VALID.logJsonl, special: SPECIAL.logJsonl, command: logBuild },
      { kind: 'log', ext: 'csv', base: VALID.logCsv, special: SPECIAL.logCsv, command: logBuild },
    ];
  function datasetRun(path: string): string[] {
    const evalFile = writeCase(dir, `ds-${n++}.eval.yaml`, VALID.eval.replace('./ok.jsonl', path));
    return ['run', evalFile, '--store', join(dir, 'datasets.db'), '--no-progress', '--max-error-rate', '1'];
  }
  function logBuild(path: string): string[] {
    return ['dataset', 'build', '--from', path, '--size', '4', '--out', join(dir, `built-${n++}.jsonl`), '--seed', '3'];
  }
  for (const k of kinds) {
    const folder = join(dir, `${k.kind}-${k.ext}`);
    mkdirSync(folder, { recursive: true });
    const texts = [...(k.special ?? []), ...Array.from({ length: Math.ceil(PER_KIND / 2) }, () => mutate(k.base, rng))];
    for (const text of texts) {
      const path = writeCase(folder, `f${n++}.${k.ext}`, text);
      outcomes.push(await cli(k.command(path), path));
    }
  }
}, 600_000);

describe('fuzz corpus of malformed inputs', () => {
  it('has at least 200 files across datasets, eval files, labels and logs', () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(200);
  });

  it('never hangs, never says "Unexpected error", never prints a stack trace', () => {
    const bad = outcomes.filter(
      (o) => o.code === 'hang' || /Unexpected error/.test(o.stderr) || /^\s+at .+:\d+:\d+\)?$/m.test(o.stderr),
    );
    expect(bad.map((o) => `${o.file} (${o.code}): ${o.stderr.slice(0, 300)}`)).toEqual([]);
    for (const o of outcomes) expect([0, 1, 2]).toContain(o.code);
  });

  it('names the file and line of the hand-made worst cases', () => {
    const stderrOf = (fragment: string) => outcomes.filter((o) => o.stderr.includes(fragment));
    expect(stderrOf('aliases expand to more than 100,000 values').length).toBeGreaterThanOrEqual(2);
    expect(stderrOf('nests deeper than 200 levels').length).toBeGreaterThanOrEqual(2);
    for (const key of ['constructor', '__proto__', 'toString'])
      expect(stderrOf(`${key}: unknown field`).length, key).toBeGreaterThanOrEqual(1);
    expect(stderrOf('csv: Quote Not Closed').length + stderrOf('Invalid Closing Quote').length).toBeGreaterThanOrEqual(
      1,
    );
  });
});
