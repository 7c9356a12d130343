import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssayError, formatError } from '../core/errors.js';
import { isConversation } from '../core/types.js';
import { collectCases } from './dataset.js';
import { loadDataset } from './load-dataset.js';
import { openDataset } from './open-dataset.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/datasets/', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'assay-open-dataset-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function failure(source: string, baseDir = fixtures): Promise<AssayError> {
  const error = await openDataset(source, { baseDir }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AssayError);
  return error as AssayError;
}

describe('openDataset', () => {
  it('streams the same cases, count and version as loadDataset, for every format, held or read again', async () => {
    const files = ['good/qa.jsonl', 'good/qa.csv', 'good/qa.yaml', 'good/qa.json', 'good/aliases.jsonl'];
    for (const [file, holdCases] of files.flatMap((f) => [0, undefined].map((h) => [f, h] as const))) {
      const [streamed, loaded] = await Promise.all([
        openDataset(file, { baseDir: fixtures, holdCases }),
        loadDataset(file, { baseDir: fixtures }),
      ]);
      expect(streamed.cases.length).toBe(loaded.cases.length);
      expect(await collectCases(streamed.cases)).toEqual(loaded.cases);
      // A second pass reads the file again and gives the same cases.
      expect(await collectCases(streamed.cases)).toEqual(loaded.cases);
      expect({ name: streamed.name, version: streamed.version, path: streamed.path }).toEqual({
        name: loaded.name,
        version: loaded.version,
        path: loaded.path,
      });
    }
  });

  it('counts the conversation cases while validating, so readers wanting only those can skip a pass', async () => {
    const file = join(dir, 'mixed.jsonl');
    const rows = [
      { id: 'plain', input: 'Hi' },
      { id: 'scripted', input: [{ role: 'system', content: 'Be kind.' }], turns: [{ user: 'Hello' }] },
      { id: 'plain-2', input: 'Bye' },
    ];
    await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const mixed = await openDataset(file, { baseDir: dir });
    expect(mixed.cases.conversations).toBe(1);
    expect((await collectCases(mixed.cases)).filter(isConversation).map((c) => c.id)).toEqual(['scripted']);
    const plain = await openDataset('good/qa.jsonl', { baseDir: fixtures });
    expect(plain.cases.conversations).toBe(0);
  });

  it('reports every bad row of a streamed file at once, as loadDataset does', async () => {
    for (const file of ['bad/rows.jsonl', 'bad/rows.csv', 'bad/empty.jsonl', 'bad/bad-header.csv']) {
      const streamed = await failure(file);
      const loaded = await loadDataset(file, { baseDir: fixtures }).catch((e: AssayError) => e);
      expect(formatError(streamed)).toBe(formatError(loaded as AssayError));
    }
  });

  it('names both lines of a duplicate id in a 20,000-row file', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ id: `c${i}`, input: `q${i}` }));
    rows.push(JSON.stringify({ id: 'c12345', input: 'again' }));
    await writeFile(join(dir, 'dup.jsonl'), `${rows.join('\n')}\n`);
    const error = await failure('dup.jsonl', dir);
    expect(error.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      "dup.jsonl:20001: id: duplicate id 'c12345', first used at dup.jsonl:12346; give each case its own id or remove the copy",
    ]);
  });

  it('stops a pass over a file read again when the file changed after it was validated', async () => {
    const path = join(dir, 'changing.jsonl');
    await writeFile(path, `${JSON.stringify({ id: 'a', input: 'x' })}\n`);
    const ds = await openDataset('changing.jsonl', { baseDir: dir, holdCases: 0 });
    await appendFile(path, `${JSON.stringify({ id: 'b', input: 'y' })}\n`);
    await expect(collectCases(ds.cases)).rejects.toMatchObject({ code: 'DATASET_CHANGED' });
  });

  it('runs a small file from the cases it validated, whatever happens to the file later', async () => {
    const path = join(dir, 'held.jsonl');
    await writeFile(path, `${JSON.stringify({ id: 'a', input: 'x' })}\n`);
    const ds = await openDataset('held.jsonl', { baseDir: dir });
    await appendFile(path, `${JSON.stringify({ id: 'b', input: 'y' })}\n`);
    expect((await collectCases(ds.cases)).map((c) => c.id)).toEqual(['a']);
    expect(ds.cases.conversations).toBe(0);
  });

  it('holds up to the limit and reads a larger file again, with the same cases either way', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => JSON.stringify({ id: `c${i}`, input: `q${i}`, slice: 'edge' }));
    await writeFile(join(dir, 'fifty.jsonl'), `${rows.join('\n')}\n`);
    const held = await openDataset('fifty.jsonl', { baseDir: dir, holdCases: 50 });
    const streamed = await openDataset('fifty.jsonl', { baseDir: dir, holdCases: 49 });
    expect(held.version).toBe(streamed.version);
    expect(await collectCases(held.cases)).toEqual(await collectCases(streamed.cases));
    // Only the streamed one notices the file going away.
    await rm(join(dir, 'fifty.jsonl'));
    expect(await collectCases(held.cases)).toHaveLength(50);
    await expect(collectCases(streamed.cases)).rejects.toMatchObject({ code: 'DATASET_CHANGED' });
  });
});
