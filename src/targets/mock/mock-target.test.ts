import { describe, expect, it } from 'vitest';
import type { Case } from '../../core/types.js';
import { createTarget } from '../registry.js';

const c = (id: string, input: string): Case => ({ id, input, slice: 'typical', metadata: { lang: 'en' }, weight: 1 });
const ctx = { signal: new AbortController().signal, runId: 'r', repeat: 0, useCache: true };

describe('mock target', () => {
  it('answers scripted cases by id and the rest from the reply template', async () => {
    const target = await createTarget(
      {
        type: 'mock',
        reply: '[{{metadata.lang}}] {{input}}',
        replies: { r1: 'Refunds take 5 days.', r2: { value: { intent: 'refund' } } },
      },
      { baseDir: '.', env: {} },
    );
    expect(await target.call(c('r1', 'refund?'), ctx)).toEqual({ text: 'Refunds take 5 days.', costUsd: 0 });
    expect(await target.call(c('r2', 'x'), ctx)).toEqual({ value: { intent: 'refund' }, costUsd: 0 });
    expect(await target.call(c('r3', 'hello'), ctx)).toEqual({ text: '[en] hello', costUsd: 0 });
  });

  it('echoes the input by default and waits delayMs', async () => {
    const target = await createTarget({ type: 'mock', delayMs: 60 }, { baseDir: '.', env: {} });
    const started = performance.now();
    expect((await target.call(c('a', 'ping'), ctx)).text).toBe('ping');
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });
});
