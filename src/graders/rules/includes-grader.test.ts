import { describe, expect, it } from 'vitest';
import { includesAllGrader } from './includes-all-grader.js';
import { includesAnyGrader } from './includes-any-grader.js';
import { includesGrader } from './includes-grader.js';
import { startsWithGrader } from './starts-with-grader.js';
import { gradeOutput } from './test-support.js';

describe('includesGrader', () => {
  it('passes when the value appears and explains a miss with the output', async () => {
    const g = includesGrader({ value: 'refund' });
    expect(await gradeOutput(g, 'You can get a refund within 30 days.')).toMatchObject({ value: 1, pass: true });
    const miss = await gradeOutput(g, 'Please contact support.');
    expect(miss.reason).toMatchInlineSnapshot(`"expected to include 'refund', got: 'Please contact support.'"`);
  });

  it('cuts long outputs in the reason and shows an empty output plainly', async () => {
    const g = includesGrader({ value: 'refund' });
    const long = await gradeOutput(g, `${'blah '.repeat(40)}\nend`);
    expect(long.reason?.length).toBeLessThan(130);
    expect(long.reason).toMatch(/…'$/);
    expect((await gradeOutput(g, '')).reason).toBe("expected to include 'refund', got: '' (empty)");
  });

  it('ignores case on request and defaults to the expected value', async () => {
    expect(
      (await gradeOutput(includesGrader({ ignoreCase: true }), 'REFUND granted', { expected: 'refund' })).pass,
    ).toBe(true);
    expect((await gradeOutput(includesGrader(), 'REFUND granted', { expected: 'refund' })).pass).toBe(false);
  });

  it('points a list of values to includes-all / includes-any', async () => {
    expect((await gradeOutput(includesGrader(), 'a b', { expected: ['a', 'b'] })).error).toBe(
      'Grader \'includes\' failed: the value to look for is a list (\'["a","b"]\'); use type includes-all or includes-any for lists',
    );
  });

  it('matches unicode text', async () => {
    expect((await gradeOutput(includesGrader({ value: 'Straße' }), 'Die Straße ist gesperrt 🚧')).pass).toBe(true);
    expect((await gradeOutput(includesGrader({ value: '🚧' }), 'Die Straße ist gesperrt 🚧')).pass).toBe(true);
  });
});

describe('includesAllGrader', () => {
  it('gives partial credit and names what is missing', async () => {
    const g = includesAllGrader({ values: ['refund', '30 days', 'receipt'], ignoreCase: true });
    const score = await gradeOutput(g, 'A Refund takes 30 days.');
    expect(score.value).toBeCloseTo(2 / 3);
    expect(score.pass).toBe(false);
    expect(score.reason).toMatchInlineSnapshot(
      `"missing 1 of 3: 'receipt' (ignoring case); got: 'A Refund takes 30 days.'"`,
    );
    expect((await gradeOutput(g, 'refund, receipt, 30 days')).pass).toBe(true);
  });

  it('takes a list from the case expected', async () => {
    expect((await gradeOutput(includesAllGrader(), 'a b c', { expected: ['a', 'c'] })).pass).toBe(true);
    expect((await gradeOutput(includesAllGrader(), 'a b c', { expected: [] })).error).toMatch(/empty list of values/);
  });
});

describe('includesAnyGrader', () => {
  it('passes when any value appears', async () => {
    const g = includesAnyGrader({ values: ['sorry', 'apologize'], ignoreCase: true });
    expect((await gradeOutput(g, 'I apologize for that.')).pass).toBe(true);
    const miss = await gradeOutput(g, 'Done.');
    expect(miss).toMatchObject({ value: 0, pass: false });
    expect(miss.reason).toBe("expected to include any of 'sorry', 'apologize' (ignoring case), got: 'Done.'");
  });
});

describe('startsWithGrader', () => {
  it('checks the beginning, ignoring leading whitespace by default', async () => {
    const g = startsWithGrader({ value: 'Hello' });
    expect((await gradeOutput(g, '  Hello there')).pass).toBe(true);
    expect((await gradeOutput(g, 'Well, Hello')).reason).toBe("expected to start with 'Hello', got: 'Well, Hello'");
    expect((await gradeOutput(startsWithGrader({ value: 'hello', ignoreCase: true }), 'HELLO')).pass).toBe(true);
  });
});
