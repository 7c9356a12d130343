import { describe, expect, it } from 'vitest';
import { regexGrader } from './regex-grader.js';
import { configError, gradeOutput } from './test-support.js';

describe('regexGrader', () => {
  it('passes on a match, with flags', async () => {
    const g = regexGrader({ pattern: 'order #\\d{6}', flags: 'i' });
    expect(await gradeOutput(g, 'Your ORDER #123456 shipped')).toMatchObject({
      value: 1,
      pass: true,
      reason: "matches /order #\\d{6}/i at 'ORDER #123456'",
    });
    expect((await gradeOutput(g, 'no order here')).reason).toBe(
      "expected to match /order #\\d{6}/i, got: 'no order here'",
    );
  });

  it('is not fooled by the global flag across calls', async () => {
    const g = regexGrader({ pattern: 'a', flags: 'g' });
    for (let i = 0; i < 3; i++) expect((await gradeOutput(g, 'a')).pass).toBe(true);
  });

  it('negates for forbidden phrases', async () => {
    const g = regexGrader({ name: 'no-apology', pattern: 'sorry|apologi[sz]e', flags: 'i', negate: true });
    expect((await gradeOutput(g, 'Here you go.')).pass).toBe(true);
    const bad = await gradeOutput(g, 'Sorry about that!');
    expect(bad).toMatchObject({ grader: 'no-apology', value: 0, pass: false });
    expect(bad.reason).toBe("must not match /sorry|apologi[sz]e/i, but found 'Sorry' in: 'Sorry about that!'");
  });

  it('matches unicode with the u flag', async () => {
    expect((await gradeOutput(regexGrader({ pattern: '^\\p{L}+$', flags: 'u' }), 'Ünïcödé')).pass).toBe(true);
  });

  it('fills templates at grading time', async () => {
    const g = regexGrader({ pattern: '\\b{{metadata.code}}\\b' });
    expect((await gradeOutput(g, 'code AB12 ok', { metadata: { code: 'AB12' } })).pass).toBe(true);
  });

  it('reports an invalid pattern or flags as a configuration error naming the field', () => {
    expect(configError(() => regexGrader({ name: 'order-id', pattern: '(unclosed' }))).toMatchInlineSnapshot(`
      "Grader 'order-id' is misconfigured.
        pattern: not a valid regular expression: /(unclosed/: Unterminated group"
    `);
    expect(configError(() => regexGrader({ pattern: 'a', flags: 'x' }))).toMatchInlineSnapshot(`
      "Grader 'regex' is misconfigured.
        flags: may only contain the flags d, g, i, m, s, u, v, y"
    `);
    expect(configError(() => regexGrader({} as never))).toMatchInlineSnapshot(`
      "Grader 'regex' is misconfigured.
        pattern: is required (expected string)"
    `);
  });
});
