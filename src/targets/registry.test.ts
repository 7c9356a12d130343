import { describe, expect, it } from 'vitest';
import { createTarget, parseTargetSpec, targetKinds } from './registry.js';

const env = { baseDir: '.', env: { OPENAI_API_KEY: 'sk-x' } };

async function issuesOf(spec: unknown): Promise<string[]> {
  const error = await createTarget(spec, env).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code: 'TARGET_CONFIG_INVALID' });
  return (error as { issues: { path: string; message: string }[] }).issues.map((i) => `${i.path}: ${i.message}`);
}

describe('createTarget', () => {
  it('registers every kind of target', () => {
    expect(Object.keys(targetKinds).sort()).toEqual([
      'anthropic',
      'command',
      'function',
      'http',
      'mock',
      'ollama',
      'openai',
      'replay',
    ]);
  });

  it('names an unknown type and suggests the closest one', async () => {
    expect(await issuesOf({ type: 'opneai', model: 'x' })).toEqual([
      "target.type: unknown type 'opneai'; use one of function, command, openai, anthropic, ollama, http, replay, mock. Did you mean 'openai'?",
    ]);
    expect(await issuesOf({ model: 'x' })).toEqual([expect.stringMatching(/^target.type: missing; use one of/)]);
    expect(await issuesOf('openai')).toEqual([
      'target: expected an object like { type: openai, model: … }, got string',
    ]);
  });

  it('reports every bad field by path, with a suggestion for typos', async () => {
    expect(await issuesOf({ type: 'openai', temprature: 0, maxTokens: -1, rateLimit: 'fast' })).toEqual([
      'target.model: required (string)',
      'target.maxTokens: Too small: expected number to be >0',
      'target.rateLimit: Invalid input: expected number, received string',
      "target.temprature: unknown field; did you mean 'temperature'?",
    ]);
  });

  it('refuses a key pasted where the env var name belongs', async () => {
    expect(await issuesOf({ type: 'openai', model: 'm', apiKeyEnv: 'sk-abc-123' })).toEqual([
      'target.apiKeyEnv: must be an environment variable name, not the key itself',
    ]);
  });

  it('reports unknown prompt placeholders', async () => {
    const error = await createTarget({ type: 'openai', model: 'm', prompt: 'Q: {{inptu}} {{metadata}}' }, env).catch(
      (e: unknown) => e,
    );
    expect((error as { issues: { path: string; message: string }[] }).issues.map((i) => i.path)).toEqual([
      'target.prompt',
      'target.prompt',
    ]);
    expect((error as Error).message).toBe("The openai target's prompt is invalid.");
  });

  it('validates without building', () => {
    expect(parseTargetSpec({ type: 'replay', path: 'x.jsonl' })).toEqual({
      ok: true,
      type: 'replay',
      config: { type: 'replay', path: 'x.jsonl' },
    });
  });
});
