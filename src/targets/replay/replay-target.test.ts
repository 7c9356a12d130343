import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../core/types.js';
import { createTarget } from '../registry.js';

const base = (id: string): Case => ({ id, input: 'q', slice: 'typical', metadata: {}, weight: 1 });
const ctx = (repeat = 0) => ({ signal: new AbortController().signal, runId: 'r', repeat, useCache: true });
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'assay-replay-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, lines: string[]): Promise<string> {
  await writeFile(join(dir, name), `${lines.join('\n')}\n`);
  return name;
}

describe('replay target', () => {
  it('returns the recorded output per case and per repeat', async () => {
    const path = await write('good.jsonl', [
      JSON.stringify({ caseId: 'a', output: 'recorded answer' }),
      JSON.stringify({ caseId: 'b', output: { text: 'r0', usage: { inputTokens: 5 } }, repeat: 0 }),
      '',
      JSON.stringify({ caseId: 'b', output: { value: { label: 'spam' } }, repeat: 1 }),
    ]);
    const target = await createTarget({ type: 'replay', path }, { baseDir: dir, env: {} });
    expect(await target.call(base('a'), ctx(0))).toEqual({ text: 'recorded answer' });
    expect(await target.call(base('a'), ctx(2))).toEqual({ text: 'recorded answer' });
    expect(await target.call(base('b'), ctx(0))).toEqual({ text: 'r0', usage: { inputTokens: 5 } });
    expect(await target.call(base('b'), ctx(1))).toEqual({ value: { label: 'spam' } });
    await expect(target.call(base('b'), ctx(2))).rejects.toThrow(
      /No recorded output for case 'b' repeat 2 .*\(recorded repeats: 0, 1\)/,
    );
    expect(target.fingerprint()).toMatchObject({ kind: 'replay', params: { path: 'good.jsonl' } });
  });

  it('refuses a call once closed, with a code, and closes only once', async () => {
    const path = await write('closed.jsonl', [JSON.stringify({ caseId: 'a', output: 'x' })]);
    const target = await createTarget({ type: 'replay', path }, { baseDir: dir, env: {} });
    expect(await target.call(base('a'), ctx(0))).toEqual({ text: 'x' });
    await target.close?.();
    await target.close?.();
    await expect(target.call(base('a'), ctx(0))).rejects.toMatchObject({ code: 'REPLAY_CLOSED' });
  });

  it('fails a trial whose case has no recording, naming the case id', async () => {
    const path = await write('one.jsonl', [JSON.stringify({ caseId: 'a', output: 'x' })]);
    const target = await createTarget({ type: 'replay', path }, { baseDir: dir, env: {} });
    await expect(target.call(base('missing-42'), ctx())).rejects.toMatchObject({
      code: 'REPLAY_NO_RECORDING',
      message: expect.stringContaining("No recorded output for case 'missing-42'"),
    });
  });

  it('reports every bad line with file:line', async () => {
    const path = await write('bad.jsonl', [
      JSON.stringify({ caseId: 'a', output: 'ok' }),
      '{not json',
      JSON.stringify({ output: 'no id' }),
      JSON.stringify({ caseId: 'c' }),
      JSON.stringify({ caseId: 'd', output: 'x', repeat: -1 }),
      JSON.stringify({ caseId: 'a', output: 'again' }),
    ]);
    const error = await createTarget({ type: 'replay', path }, { baseDir: dir, env: {} }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'REPLAY_FILE_INVALID', message: expect.stringContaining('has 5 bad lines') });
    expect(
      (error as { issues: { path: string; message: string }[] }).issues.map(
        (i) => `${i.path.replace(/^.*\//, '')}: ${i.message}`,
      ),
    ).toEqual([
      'bad.jsonl:2: not valid JSON',
      'bad.jsonl:3: caseId: required, a string',
      'bad.jsonl:4: output: required, a string or an object with text or value',
      'bad.jsonl:5: repeat: must be a whole number ≥ 0',
      "bad.jsonl:6: caseId: 'a' is recorded twice without a repeat",
    ]);
  });

  it('says when the file does not exist', async () => {
    await expect(createTarget({ type: 'replay', path: 'nope.jsonl' }, { baseDir: dir, env: {} })).rejects.toThrow(
      /replay target's file .*nope\.jsonl does not exist/,
    );
  });
});
