import { describe, expect, it } from 'vitest';
import { extractNumber } from './extract-number.js';
import { numericGrader } from './numeric-grader.js';
import { configError, gradeOutput } from './test-support.js';

describe('extractNumber', () => {
  it('reads bare numbers, numbers in text, separators and signs', () => {
    expect(extractNumber(' 42 ')).toBe(42);
    expect(extractNumber('1e3')).toBe(1000);
    expect(extractNumber('The total is $1,234.50.')).toBe(1234.5);
    expect(extractNumber('It fell by −3.5 points')).toBe(-3.5);
    expect(extractNumber('about .5 of it')).toBe(0.5);
    expect(extractNumber('no digits')).toBeUndefined();
    expect(extractNumber('')).toBeUndefined();
  });
});

describe('numericGrader', () => {
  it('compares against the expected number within an absolute tolerance', async () => {
    const g = numericGrader({ tolerance: 0.5 });
    expect(await gradeOutput(g, 'The answer is 42.4', { expected: 42 })).toMatchObject({
      value: 1,
      pass: true,
      reason: '42.4 is within 42 ± 0.5',
    });
    const off = await gradeOutput(g, 'The answer is 43', { expected: '42' });
    expect(off.reason).toBe("expected 42 ± 0.5, got 43 (off by 1) from: 'The answer is 43'");
  });

  it('uses the relative tolerance when it allows more', async () => {
    const g = numericGrader({ value: 1000, relativeTolerance: 0.01, tolerance: 1 });
    expect((await gradeOutput(g, '1,009')).pass).toBe(true);
    expect((await gradeOutput(g, '1,011')).pass).toBe(false);
  });

  it('is exact by default but forgiving of float rounding', async () => {
    expect((await gradeOutput(numericGrader({ value: 0.3 }), String(0.1 + 0.2))).pass).toBe(true);
    expect((await gradeOutput(numericGrader({ value: 0.3 }), '0.31')).pass).toBe(false);
  });

  it('fails when the output holds no number, and reads a numeric output.value', async () => {
    expect((await gradeOutput(numericGrader({ value: 7 }), 'seven')).reason).toBe(
      "expected 7, but found no number in: 'seven'",
    );
    expect((await gradeOutput(numericGrader({ value: 7 }), { value: 7 })).pass).toBe(true);
  });

  it('makes a non-numeric expected value an error score', async () => {
    const score = await gradeOutput(numericGrader(), '4', { expected: 'four' });
    expect(score.error).toBe("Grader 'numeric' failed: the expected value 'four' of case 'case-1' is not a number");
  });

  it('rejects a negative tolerance', () => {
    expect(configError(() => numericGrader({ tolerance: -1 }))).toMatchInlineSnapshot(`
      "Grader 'numeric' is misconfigured.
        tolerance: must be 0 or more"
    `);
  });
});
