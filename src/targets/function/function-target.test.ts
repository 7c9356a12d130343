import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../core/types.js';
import { createTarget } from '../registry.js';
import { functionTarget } from './function-target.js';

const testCase: Case = { id: 'f1', input: 'hello', slice: 'typical', metadata: {}, weight: 1 };
const ctx = { signal: new AbortController().signal, runId: 'r', repeat: 0, useCache: true };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'assay-fn-'));
  await writeFile(
    join(dir, 'bot.ts'),
    [
      "import type { Case } from './types.js';",
      'const shout = (s: string): string => s.toUpperCase();',
      'export default async function bot(c: Case): Promise<string> { return shout(String(c.input)); }',
      'export function structured(c: Case) { return { text: `t:${String(c.input)}`, value: { length: String(c.input).length } }; }',
      'export const notAFunction = 3;',
    ].join('\n'),
  );
  await writeFile(join(dir, 'types.ts'), 'export interface Case { input: unknown }\n');
  await writeFile(join(dir, 'broken.ts'), 'export default function (: {\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('function target', () => {
  it('loads a TypeScript module default export; a string result is the text', async () => {
    const target = await createTarget({ type: 'function', module: './bot.ts' }, { baseDir: dir, env: {} });
    expect(await target.call(testCase, ctx)).toEqual({ text: 'HELLO' });
    expect(target.name).toBe('bot.ts');
    expect(target.fingerprint()).toMatchObject({
      kind: 'function',
      module: './bot.ts',
      export: 'default',
      codeHash: expect.stringMatching(/^[0-9a-f]{12}$/),
    });
  });

  it('loads a named export and keeps an output object', async () => {
    const target = await createTarget(
      { type: 'function', module: 'bot.ts', export: 'structured' },
      { baseDir: dir, env: {} },
    );
    expect(await target.call(testCase, ctx)).toEqual({ text: 't:hello', value: { length: 5 } });
  });

  it('names the missing export and lists the functions there are', async () => {
    await expect(
      createTarget({ type: 'function', module: 'bot.ts', export: 'notAFunction' }, { baseDir: dir, env: {} }),
    ).rejects.toMatchObject({
      code: 'TARGET_EXPORT_NOT_FUNCTION',
      hint: 'Set target.export to one of: default, structured.',
    });
  });

  it('says when the module is missing or does not load', async () => {
    await expect(createTarget({ type: 'function', module: './nope.ts' }, { baseDir: dir, env: {} })).rejects.toThrow(
      /module .*nope\.ts does not exist/,
    );
    await expect(
      createTarget({ type: 'function', module: './broken.ts' }, { baseDir: dir, env: {} }),
    ).rejects.toMatchObject({ code: 'TARGET_MODULE_LOAD_FAILED' });
  });

  it('wraps a plain function: strings become text, other values become value, nothing is an error', async () => {
    expect(await functionTarget((c) => `echo ${String(c.input)}`, { name: 'echo' }).call(testCase, ctx)).toEqual({
      text: 'echo hello',
    });
    expect(await functionTarget(() => ({ label: 'x' }) as never, { name: 'obj' }).call(testCase, ctx)).toEqual({
      value: { label: 'x' },
    });
    await expect(functionTarget(() => undefined as never, { name: 'void' }).call(testCase, ctx)).rejects.toThrow(
      "Target 'void' returned undefined for case 'f1'.",
    );
    expect(
      await (await createTarget(async () => 'from a bare function', { baseDir: '.', env: {} })).call(testCase, ctx),
    ).toEqual({ text: 'from a bare function' });
  });
});
