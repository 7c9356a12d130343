import { describe, expect, it } from 'vitest';
import { exactGrader } from './exact-grader.js';
import { configError, gradeOutput } from './test-support.js';

describe('exactGrader', () => {
  it('compares against the case expected, trimmed by default', async () => {
    const g = exactGrader();
    expect(await gradeOutput(g, ' Paris\n', { expected: 'Paris' })).toMatchObject({
      grader: 'exact',
      value: 1,
      pass: true,
    });
    const miss = await gradeOutput(g, 'paris', { expected: 'Paris' });
    expect(miss).toMatchObject({ value: 0, pass: false });
    expect(miss.reason).toMatchInlineSnapshot(`"expected 'Paris', got: 'paris'"`);
  });

  it('applies every normalisation option and says so in the reason', async () => {
    const g = exactGrader({ value: 'hello world', ignoreCase: true, collapseWhitespace: true, stripPunctuation: true });
    expect((await gradeOutput(g, '  Hello,   WORLD! ')).pass).toBe(true);
    const miss = await gradeOutput(g, 'Goodbye');
    expect(miss.reason).toMatchInlineSnapshot(
      `"expected 'hello world' (ignoring case, punctuation, extra whitespace), got: 'Goodbye'"`,
    );
    expect((await gradeOutput(exactGrader({ value: 'a', trim: false }), ' a')).pass).toBe(false);
  });

  it('treats composed and decomposed accents as equal', async () => {
    expect((await gradeOutput(exactGrader({ value: 'caf\u00e9' }), 'cafe\u0301')).pass).toBe(true);
  });

  it('accepts any of several values, and compares numbers as text', async () => {
    const g = exactGrader({ values: ['yes', 'y'], ignoreCase: true });
    expect((await gradeOutput(g, 'Y')).pass).toBe(true);
    expect((await gradeOutput(g, 'no')).reason).toBe("expected one of 'yes', 'y' (ignoring case), got: 'no'");
    expect((await gradeOutput(exactGrader(), '42', { expected: 42 })).pass).toBe(true);
    expect((await gradeOutput(exactGrader(), 'colour', { expected: ['color', 'colour'] })).pass).toBe(true);
    expect((await gradeOutput(exactGrader({ value: '{{expected}}' }), '[1,2]', { expected: [1, 2] })).pass).toBe(true);
  });

  it('grades the JSON of output.value when there is no text', async () => {
    expect((await gradeOutput(exactGrader({ value: '{"a":1}' }), { value: { a: 1 } })).pass).toBe(true);
    expect((await gradeOutput(exactGrader({ value: '' }), {})).pass).toBe(true);
  });

  it('fills templates from the case', async () => {
    const g = exactGrader({ value: 'Hello {{metadata.name}}' });
    expect((await gradeOutput(g, 'Hello Ada', { metadata: { name: 'Ada' } })).pass).toBe(true);
    const broken = await gradeOutput(g, 'Hello Ada');
    expect(broken.error).toBe("Grader 'exact' failed: case 'case-1' has no value for {{metadata.name}}");
  });

  it('makes a missing expected an error score, never a fail', async () => {
    const score = await gradeOutput(exactGrader({ name: 'answer' }), 'anything');
    expect(score.pass).toBeUndefined();
    expect(Number.isNaN(score.value)).toBe(true);
    expect(score.error).toMatchInlineSnapshot(
      `"Grader 'answer' failed: case 'case-1' has no "expected" value; add one to the case, or set "value" on grader 'answer'"`,
    );
  });

  it('rejects unknown and mistyped options', () => {
    expect(configError(() => exactGrader({ ignorecase: true } as never))).toMatchInlineSnapshot(`
      "Grader 'exact' is misconfigured.
        ignorecase: unknown option; did you mean 'ignoreCase'? (options: name, value, values, trim, ignoreCase, collapseWhitespace, stripPunctuation)"
    `);
    expect(configError(() => exactGrader({ trim: 'yes' } as never))).toMatchInlineSnapshot(`
      "Grader 'exact' is misconfigured.
        trim: Invalid input: expected boolean, received string"
    `);
  });
});
