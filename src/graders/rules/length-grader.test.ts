import { describe, expect, it } from 'vitest';
import { lengthGrader } from './length-grader.js';
import { configError, gradeOutput } from './test-support.js';

describe('lengthGrader', () => {
  it('bounds characters, counting code points', async () => {
    const g = lengthGrader({ max: 5 });
    expect((await gradeOutput(g, '👍👍👍👍👍')).reason).toBe('5 chars, within ≤ 5');
    expect((await gradeOutput(g, 'abcdef')).reason).toBe('6 chars, above the maximum of 5');
    expect((await gradeOutput(lengthGrader({ min: 1 }), '')).reason).toBe('0 chars, below the minimum of 1');
  });

  it('bounds words', async () => {
    const g = lengthGrader({ min: 2, max: 3, unit: 'words' });
    expect((await gradeOutput(g, '  one   two\nthree ')).pass).toBe(true);
    expect((await gradeOutput(g, 'one')).reason).toBe('1 word, below the minimum of 2');
  });

  it('needs a bound, and min not above max', () => {
    expect(configError(() => lengthGrader({}))).toMatchInlineSnapshot(`
      "Grader 'length' is misconfigured.
        min: set "min", "max" or both"
    `);
    expect(configError(() => lengthGrader({ min: 5, max: 2 }))).toMatchInlineSnapshot(`
      "Grader 'length' is misconfigured.
        min: "min" must not be above "max""
    `);
    expect(configError(() => lengthGrader({ min: 5, max: 2, unit: 'lines' as never }))).toMatchInlineSnapshot(`
      "Grader 'length' is misconfigured.
        unit: Invalid option: expected one of "chars"|"words""
    `);
  });
});
