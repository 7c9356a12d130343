import { describe, expect, it } from 'vitest';
import type { Case } from '../../core/types.js';
import { createTarget } from '../registry.js';
import type { TargetContext } from '../target.js';
import { splitCommand } from './split-command.js';

const testCase: Case = {
  id: 'k1',
  input: 'ping',
  expected: 'pong',
  slice: 'edge',
  metadata: { lang: 'en' },
  weight: 1,
};
const ctx = (signal = new AbortController().signal): TargetContext => ({
  signal,
  runId: 'r',
  repeat: 0,
  useCache: true,
});
const node = JSON.stringify(process.execPath);
const env = { baseDir: process.cwd(), env: process.env };

describe('command target', () => {
  it('passes a minimal environment plus what env: lists, never the rest (API keys)', async () => {
    const secrets = {
      baseDir: process.cwd(),
      env: { ...process.env, OPENAI_API_KEY: 'sk-live-secret', BOT_TOKEN: 'tok-123', PATH: process.env.PATH },
    };
    const target = await createTarget(
      {
        type: 'command',
        command: process.execPath,
        args: ['-e', 'console.log(JSON.stringify(process.env))'],
        env: { BOT_TOKEN: '{{env.BOT_TOKEN}}', MODE: 'eval-{{id}}' },
      },
      secrets,
    );
    const seen = JSON.parse((await target.call(testCase, ctx())).text!) as Record<string, string>;
    expect(seen.OPENAI_API_KEY).toBeUndefined();
    expect(seen).toMatchObject({ BOT_TOKEN: 'tok-123', MODE: 'eval-k1', PATH: process.env.PATH });
    expect(JSON.stringify(seen)).not.toContain('sk-live-secret');
  });

  it('writes the case as JSON on stdin and takes trimmed stdout as the text', async () => {
    const script = `let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const c=JSON.parse(s);console.log('  echo:'+c.input+' '+c.metadata.lang+'  ')})`;
    const target = await createTarget({ type: 'command', command: `${node} -e "${script}"` }, env);
    const output = await target.call(testCase, ctx());
    expect(output.text).toBe('echo:ping en');
    expect(output.latencyMs).toBeGreaterThan(0);
  });

  it('takes a JSON object with text or value as the output, other JSON as text', async () => {
    const withValue = await createTarget(
      {
        type: 'command',
        command: process.execPath,
        args: ['-e', 'console.log(JSON.stringify({value:{n:1},usage:{inputTokens:3}}))'],
      },
      env,
    );
    expect(await withValue.call(testCase, ctx())).toMatchObject({ value: { n: 1 }, usage: { inputTokens: 3 } });
    const other = await createTarget(
      { type: 'command', command: process.execPath, args: ['-e', 'console.log(JSON.stringify({answer:1}))'] },
      env,
    );
    expect((await other.call(testCase, ctx())).text).toBe('{"answer":1}');
  });

  it('fails the trial on a non-zero exit with the end of stderr', async () => {
    const target = await createTarget(
      {
        type: 'command',
        command: process.execPath,
        args: ['-e', 'console.error("model file missing"); process.exit(3)'],
      },
      env,
    );
    await expect(target.call(testCase, ctx())).rejects.toThrow(/exited with code 3 on case 'k1': model file missing/);
  });

  it('kills the process on timeout and on abort', async () => {
    const slow = {
      type: 'command',
      command: process.execPath,
      args: ['-e', 'setTimeout(() => console.log("late"), 10000)'],
    };
    const timed = await createTarget({ ...slow, timeoutMs: 200 }, env);
    const started = performance.now();
    await expect(timed.call(testCase, ctx())).rejects.toThrow(/timed out after 200 ms on case 'k1' and was killed/);
    expect(performance.now() - started).toBeLessThan(3_000);
    const target = await createTarget(slow, env);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('run cancelled')), 150);
    await expect(target.call(testCase, ctx(controller.signal))).rejects.toThrow('run cancelled');
  });

  it('says when the program does not exist', async () => {
    const target = await createTarget({ type: 'command', command: 'assay-no-such-program-xyz --flag' }, env);
    await expect(target.call(testCase, ctx())).rejects.toThrow(/Could not start 'assay-no-such-program-xyz'.*ENOENT/);
  });

  it('rejects an unclosed quote when the config is read', async () => {
    await expect(createTarget({ type: 'command', command: 'python3 "bot.py' }, env)).rejects.toMatchObject({
      issues: [{ path: 'target.command', message: 'has an unclosed quote' }],
    });
  });
});

describe('splitCommand', () => {
  it('splits words like a shell without running one', () => {
    expect(splitCommand(`node -e "console.log('hi')"`)).toEqual(['node', '-e', "console.log('hi')"]);
    expect(splitCommand(`a 'b c' "d \\"e\\"" f\\ g ''`)).toEqual(['a', 'b c', 'd "e"', 'f g', '']);
    expect(splitCommand('  python3   bot.py  ')).toEqual(['python3', 'bot.py']);
    expect(splitCommand(`echo 'open`)).toBeUndefined();
  });
});
