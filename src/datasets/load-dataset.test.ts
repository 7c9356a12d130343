import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AssayError, formatError } from '../core/errors.js';
import { loadDataset } from './load-dataset.js';
import { writeCasesJsonl } from './write-cases-jsonl.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/datasets/', import.meta.url));
const load = (source: string) => loadDataset(source, { baseDir: fixtures });

async function failure(source: string | readonly unknown[]): Promise<AssayError> {
  const error = await loadDataset(source, { baseDir: fixtures }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AssayError);
  return error as AssayError;
}

describe('loadDataset on good files', () => {
  it('reads the same cases from JSONL, CSV, YAML, JSON and a TS module, with one version', async () => {
    const [jsonl, csv, yaml, json, ts] = await Promise.all(
      ['good/qa.jsonl', 'good/qa.csv', 'good/qa.yaml', 'good/qa.json', 'good/cases.ts'].map(load),
    );
    expect(jsonl.cases).toHaveLength(3);
    for (const other of [csv, yaml, json, ts]) {
      expect(other.cases).toEqual(jsonl.cases);
      expect(other.version).toBe(jsonl.version);
    }
    expect(jsonl.version).toMatch(/^[0-9a-f]{12}$/);
    expect(jsonl.name).toBe('qa');
    expect(yaml.name).toBe('support-qa');
    expect(jsonl.path).toBe(join(fixtures, 'good/qa.jsonl'));
  });

  it('fills defaults and generates a stable id from input and expected', async () => {
    const { cases } = await load('good/qa.jsonl');
    expect(cases[0]).toEqual({
      id: 'refund-1',
      input: 'How do I get a refund?',
      expected: '30 days',
      slice: 'typical',
      metadata: { intent: 'refund', language: 'en', tier: 1 },
      weight: 1,
      source: 'synthetic',
    });
    expect(cases[1].id).toMatch(/^c_[0-9a-f]{12}$/);
    expect(cases[1].weight).toBe(2.5);
    expect(cases[2]).toEqual({
      id: '3',
      input: 'Bonjour, où est ma commande ?',
      slice: 'typical',
      metadata: { language: 'fr' },
      weight: 1,
    });
    const again = await load('good/qa.jsonl');
    expect(again.cases[1].id).toBe(cases[1].id);
  });

  it('reads {name, cases} JSON with nested brackets, and takes the name from the file', async () => {
    const ds = await load('good/wrapped.json');
    expect(ds.name).toBe('wrapped');
    expect(ds.cases.map((c) => c.id)).toEqual(['a', 'b']);
    expect(ds.cases[1].input).toEqual({ question: 'second', context: ['c1', 'c2'] });
  });

  it('accepts the documented aliases of input, expected and metadata', async () => {
    const { cases } = await load('good/aliases.jsonl');
    expect(cases.map((c) => [c.input, c.expected])).toEqual([
      ['What is the capital of France?', 'Paris'],
      ['2+2?', '4'],
      ['Say hi', 'hi'],
    ]);
    expect(cases[1].metadata).toEqual({ topic: 'math' });
  });

  it('loads inline arrays, and the name option wins', async () => {
    const ds = await loadDataset([{ input: 'Hi', expected: 'Hello' }], { baseDir: fixtures, name: 'greetings' });
    expect(ds.name).toBe('greetings');
    expect(ds.path).toBeUndefined();
    expect(ds.cases[0].slice).toBe('typical');
  });

  it('reads JSONL with a byte-order mark, Windows line ends and no final newline', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'assay-ds-'));
    try {
      await writeFile(
        join(dir, 'crlf.jsonl'),
        '\uFEFF{"id": "a", "input": "x"}\r\n\r\n{"id": "b", "input": "y"}\r\n{"id": "a", "input": "z"}',
      );
      const error = await loadDataset('crlf.jsonl', { baseDir: dir }).catch((e: unknown) => e);
      expect((error as AssayError).issues).toEqual([
        expect.objectContaining({
          path: 'crlf.jsonl:4',
          message: expect.stringContaining('first used at crlf.jsonl:1'),
        }),
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('round-trips through writeCasesJsonl with the same version', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'assay-ds-'));
    try {
      const ds = await load('good/qa.yaml');
      const out = join(dir, 'nested', 'copy.jsonl');
      await writeCasesJsonl(out, ds.cases);
      const back = await loadDataset(out, { baseDir: dir });
      expect(back.cases).toEqual(ds.cases);
      expect(back.version).toBe(ds.version);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('loadDataset on bad files', () => {
  it('reports every bad JSONL row with its line, and duplicate ids with both lines', async () => {
    const error = await failure('bad/rows.jsonl');
    expect(error.code).toBe('DATASET_INVALID');
    const text = formatError(error)
      .replace(/\(.*JSON at position.*\)/, '(…)')
      .replace(/json: .*; each line/, 'json: …; each line');
    expect(text).toMatchInlineSnapshot(`
      "Dataset bad/rows.jsonl has 13 problems; nothing was run.
        bad/rows.jsonl:2: json: …; each line must be one JSON object
        bad/rows.jsonl:3: weight: must be a finite number > 0, got 0
        bad/rows.jsonl:4: intent: unknown field; move it under "metadata" (e.g. {"metadata": {"intent": …}}) or use one of: id, input, expected, slice, metadata, weight, source, turns, simulatedUser
        bad/rows.jsonl:5: metadata.user: must be a string, number, boolean or null, got an object; flatten it (e.g. "user_field": …)
        bad/rows.jsonl:6: input: is required (a string, chat messages [{"role": "user", "content": "…"}], or an object)
        bad/rows.jsonl:7: row: must be an object like {"input": "…"}, got an array
        bad/rows.jsonl:8: id: duplicate id 'ok-1', first used at bad/rows.jsonl:1; give each case its own id or remove the copy
        bad/rows.jsonl:9: input[0].role: must be one of system, user, assistant, tool, got "robot"
        bad/rows.jsonl:9: input[1].content: must be a string or a list of parts like [{"type": "text", "text": "…"}, {"type": "image", "path": "photo.png"}], got nothing
        bad/rows.jsonl:10: slice: must be a non-empty string (typical, edge, adversarial, regression…), got ""
        bad/rows.jsonl:10: weight: must be a finite number > 0, got "2"
        bad/rows.jsonl:12: id: duplicate id 'c_049fa3fab9e0' (generated from the same input and expected), first used at bad/rows.jsonl:11; give each case its own id or remove the copy
        bad/rows.jsonl:13: answer: same field as "expected"; keep only one of them
      Hint: Fix every row listed above (file:line: field: problem). Extra fields belong under "metadata"."
    `);
  });

  it('reports every bad CSV row, including bad quoting and wrong cell counts', async () => {
    const error = await failure('bad/rows.csv');
    expect(formatError(error)).toMatchInlineSnapshot(`
      "Dataset bad/rows.csv has 6 problems; nothing was run.
        bad/rows.csv:3: input: is required (a string, chat messages [{"role": "user", "content": "…"}], or an object)
        bad/rows.csv:4: weight: must be a finite number > 0, got "heavy"
        bad/rows.csv:5: row: has 6 cells but the header has 5; quote cells that contain commas
        bad/rows.csv:6: csv: Invalid Closing Quote: got "q" instead of delimiter, record delimiter, trimable character (if activated) or comment; quote cells that contain commas, quotes or new lines
        bad/rows.csv:7: weight: must be a finite number > 0, got -2
        bad/rows.csv:8: id: duplicate id '1', first used at bad/rows.csv:2; give each case its own id or remove the copy
      Hint: Fix every row listed above (file:line: field: problem). Extra fields belong under "metadata"."
    `);
  });

  it('reports bad YAML rows with the line of each item', async () => {
    expect(formatError(await failure('bad/rows.yaml'))).toMatchInlineSnapshot(`
      "Dataset bad/rows.yaml has 3 problems; nothing was run.
        bad/rows.yaml:4: input: must be a string, chat messages or an object, got 42
        bad/rows.yaml:6: weight: must be a finite number > 0, got Infinity
        bad/rows.yaml:9: id: duplicate id 'a', first used at bad/rows.yaml:2; give each case its own id or remove the copy
      Hint: Fix every row listed above (file:line: field: problem). Extra fields belong under "metadata"."
    `);
  });

  it('reports YAML and JSON syntax errors with a line', async () => {
    expect(formatError(await failure('bad/broken.yaml'))).toMatch(
      /^Dataset bad\/broken.yaml has \d+ problems?; nothing was run.\n {2}bad\/broken.yaml:\d: yaml: /,
    );
    expect(formatError(await failure('bad/broken.json'))).toMatch(/\n {2}bad\/broken.json:3: json: not valid JSON/);
  });

  it('rejects a document that is not a list of cases', async () => {
    expect(formatError(await failure('bad/not-a-list.json'))).toMatchInlineSnapshot(`
      "Dataset bad/not-a-list.json has 2 problems; nothing was run.
        bad/not-a-list.json:1: extra: unknown top-level key; a dataset file is a list of cases or {name, description, cases}
        bad/not-a-list.json:1: cases: must be a list of cases, got "nope"
      Hint: Fix every row listed above (file:line: field: problem). Extra fields belong under "metadata"."
    `);
  });

  it('rejects empty datasets and CSV files without an input column', async () => {
    expect(formatError(await failure('bad/empty.jsonl'))).toMatchInlineSnapshot(`
      "Dataset bad/empty.jsonl has no cases.
      Hint: Add at least one case, e.g. {"input": "What is your refund policy?", "expected": "30 days"}."
    `);
    expect((await failure('bad/header-only.csv')).code).toBe('DATASET_EMPTY');
    expect(formatError(await failure('bad/no-input-column.csv'))).toMatchInlineSnapshot(`
      "Dataset bad/no-input-column.csv has 1 problem; nothing was run.
        bad/no-input-column.csv:1: header: no "input" column; the first row must name the columns, e.g. id,input,expected,slice
      Hint: Fix every row listed above (file:line: field: problem). Extra fields belong under "metadata"."
    `);
    expect((await failure([])).code).toBe('DATASET_EMPTY');
    expect(formatError(await failure('bad/bad-header.csv'))).toMatchInlineSnapshot(`
      "Dataset bad/bad-header.csv has 2 problems; nothing was run.
        bad/bad-header.csv:1: header: column "input" appears twice; keep one
        bad/bad-header.csv:1: header: column 4 has no name; name it or remove it
      Hint: Fix every row listed above (file:line: field: problem). Extra fields belong under "metadata"."
    `);
  });

  it('names a missing file, a folder and an unknown extension, with a fix', async () => {
    expect(formatError(await failure('nope/qa.jsonl')).replace(fixtures, '<fixtures>/')).toMatchInlineSnapshot(`
      "No dataset found at nope/qa.jsonl (looked in <fixtures>/nope/qa.jsonl).
      Hint: Check the \`dataset\` path: a relative path is resolved against the eval file's folder."
    `);
    expect((await failure('good')).code).toBe('DATASET_FORMAT');
    expect(formatError(await failure('bad/data.txt'))).toMatchInlineSnapshot(`
      "Cannot read dataset bad/data.txt: unknown file type '.txt'.
      Hint: Use one of: .jsonl, .ndjson, .csv, .json, .yaml, .yml, .ts, .mts, .js, .mjs."
    `);
  });

  it('reports inline rows by index', async () => {
    expect(formatError(await failure([{ input: 'ok' }, { input: 'x', weight: Number.NaN }, 'text'])))
      .toMatchInlineSnapshot(`
      "Dataset 'inline' has 2 problems; nothing was run.
        dataset[1]: weight: must be a finite number > 0, got NaN
        dataset[2]: row: must be an object like {"input": "…"}, got "text"
      Hint: Fix every row listed above (file:line: field: problem). Extra fields belong under "metadata"."
    `);
  });
});
