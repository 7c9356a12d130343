import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Case } from '../core/types.js';
import type { Grader, GraderResult } from './grader.js';
import { runGrader } from './run-grader.js';

const testCase: Case = { id: 'c1', input: 'hi', slice: 'typical', metadata: {}, weight: 1 };
const ctx = { signal: new AbortController().signal, runId: 'r', repeat: 0, useCache: true };
const grader = (grade: Grader['grade'], threshold?: number): Grader => ({
  name: 'g',
  kind: 'custom',
  threshold,
  grade,
});

describe('runGrader', () => {
  it('keeps a valid score and derives pass from the threshold when the grader does not say', async () => {
    expect(
      await runGrader(
        grader(() => ({ value: 0.7, reason: 'ok' }), 0.5),
        testCase,
        { text: 'x' },
        ctx,
      ),
    ).toEqual({ grader: 'g', value: 0.7, pass: true, reason: 'ok' });
    expect(
      await runGrader(
        grader(() => ({ value: 0.7 })),
        testCase,
        { text: 'x' },
        ctx,
      ),
    ).toMatchObject({ pass: false });
    expect(
      await runGrader(
        grader(() => ({ value: 0, pass: true })),
        testCase,
        { text: 'x' },
        ctx,
      ),
    ).toMatchObject({ pass: true });
  });

  it.each([[1.7], [-0.1], [Number.NaN], ['0.5' as unknown as number], [undefined as unknown as number]])(
    'turns value %s into an error score, never a pass',
    async (value) => {
      const score = await runGrader(
        grader(() => ({ value }) as GraderResult),
        testCase,
        { text: 'x' },
        ctx,
      );
      expect(score.pass).toBeUndefined();
      expect(Number.isNaN(score.value)).toBe(true);
      expect(score.error).toMatch(/Grader 'g' returned .*; scores must be numbers between 0 and 1\./);
    },
  );

  it('turns a throw into an error score and keeps what the grader attached', async () => {
    const score = await runGrader(
      grader(() => {
        throw Object.assign(new Error('judge named no choice'), { meta: { raw: 'I refuse' } });
      }),
      testCase,
      { text: 'x' },
      ctx,
    );
    expect(score).toMatchObject({ error: "Grader 'g' failed: judge named no choice", meta: { raw: 'I refuse' } });
    expect(score.pass).toBeUndefined();
  });

  it('marks a pending human score without a value', async () => {
    const score = await runGrader(
      grader(() => ({ value: Number.NaN, pending: true, reason: 'sent to review' })),
      testCase,
      { text: 'x' },
      ctx,
    );
    expect(score).toMatchObject({ pending: true, reason: 'sent to review' });
    expect(score.pass).toBeUndefined();
  });

  it('turns a grader that never settles into an error score after its timeout, and aborts its signal', async () => {
    let seen: AbortSignal | undefined;
    const hung = grader((_c, _o, c) => {
      seen = c.signal;
      return new Promise<GraderResult>(() => {});
    });
    const score = await runGrader(hung, testCase, { text: 'x' }, ctx, { timeoutMs: 30 });
    expect(score).toMatchObject({ grader: 'g', error: expect.stringMatching(/^Grader 'g' timed out after 30 ms/) });
    expect(Number.isNaN(score.value)).toBe(true);
    expect(seen?.aborted).toBe(true);
    // The grader's own timeoutMs wins over the eval's.
    const own = await runGrader({ ...hung, timeoutMs: 20 }, testCase, { text: 'x' }, ctx, { timeoutMs: 60_000 });
    expect(own.error).toMatch(/timed out after 20 ms/);
  });

  it("makes a grader's own signal only when it reads it, linked to the run and unlinked after", async () => {
    const run = new AbortController();
    const runCtx = { ...ctx, signal: run.signal };
    let listenersDuring = -1;
    const rule = grader(() => {
      listenersDuring = getEventListeners(run.signal, 'abort').length;
      return { value: 1 };
    });
    expect(await runGrader(rule, testCase, { text: 'x' }, runCtx)).toMatchObject({ pass: true });
    expect(listenersDuring).toBe(0);
    let seen: AbortSignal | undefined;
    const reader = grader(async (_c, _o, c) => {
      seen = c.signal;
      listenersDuring = getEventListeners(run.signal, 'abort').length;
      run.abort(new Error('stop'));
      return { value: 1 };
    });
    await runGrader(reader, testCase, { text: 'x' }, runCtx);
    expect(listenersDuring).toBe(1);
    expect(seen?.aborted).toBe(true);
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
    // A run already cancelled hands an aborted signal to a grader that reads it.
    let late: AbortSignal | undefined;
    await runGrader(
      grader((_c, _o, c) => ((late = c.signal), { value: 1 })),
      testCase,
      { text: 'x' },
      runCtx,
    );
    expect(late?.aborted).toBe(true);
  });
});
