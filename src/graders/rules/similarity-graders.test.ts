import { describe, expect, it } from 'vitest';
import { levenshteinGrader, similarity } from './levenshtein-grader.js';
import { configError, gradeOutput } from './test-support.js';
import { squadTokens, tokenF1, tokenF1Grader } from './token-f1-grader.js';

describe('levenshtein similarity', () => {
  it('is 1 − distance / longer length, and 1 for two empty strings', () => {
    expect(similarity('kitten', 'sitting')).toBeCloseTo(1 - 3 / 7);
    expect(similarity('', '')).toBe(1);
    expect(similarity('abc', '')).toBe(0);
  });

  it('counts an emoji as one character', () => {
    expect(similarity('ok 👍', 'ok 👎')).toBeCloseTo(1 - 1 / 4);
    expect(similarity('👍👍', '👍')).toBeCloseTo(0.5);
  });
});

describe('levenshteinGrader', () => {
  it('passes at the threshold and reports the similarity', async () => {
    const g = levenshteinGrader({ threshold: 0.8 });
    const near = await gradeOutput(g, 'Paris, France', { expected: 'Paris France' });
    expect(near.pass).toBe(true);
    expect(near.value).toBeCloseTo(12 / 13);
    const far = await gradeOutput(g, 'Lyon', { expected: 'Paris France' });
    expect(far.pass).toBe(false);
    expect(far.reason).toBe("similarity 0.083 < 0.8: expected about 'Paris France', got: 'Lyon'");
  });

  it('normalises before comparing when asked', async () => {
    expect(
      (await gradeOutput(levenshteinGrader({ value: 'HELLO', ignoreCase: true, threshold: 1 }), 'hello')).pass,
    ).toBe(true);
  });

  it('rejects a threshold outside [0, 1]', () => {
    expect(configError(() => levenshteinGrader({ threshold: 1.5 }))).toMatchInlineSnapshot(`
      "Grader 'levenshtein' is misconfigured.
        threshold: must be between 0 and 1"
    `);
  });
});

describe('token F1', () => {
  it('normalises like SQuAD: case, punctuation, articles', () => {
    expect(squadTokens('The Eiffel Tower, in Paris!')).toEqual(['eiffel', 'tower', 'in', 'paris']);
    expect(squadTokens('Théâtre de l’Odéon')).toEqual(['théâtre', 'de', 'lodéon']);
  });

  it('computes overlap F1 over token multisets', () => {
    expect(tokenF1(['a', 'b'], ['a', 'b'])).toBe(1);
    expect(tokenF1(['a', 'a', 'b'], ['a', 'c'])).toBeCloseTo((2 * (1 / 3) * (1 / 2)) / (1 / 3 + 1 / 2));
    expect(tokenF1([], [])).toBe(1);
    expect(tokenF1(['a'], [])).toBe(0);
  });

  it('grades against the best of several references', async () => {
    const g = tokenF1Grader({ values: ['Barack Obama', 'Obama'], threshold: 0.6 });
    const score = await gradeOutput(g, 'obama');
    expect(score.value).toBe(1);
    expect(score.reason).toBe("token F1 1 ≥ 0.6 against 'Obama'");
    const miss = await gradeOutput(tokenF1Grader(), 'George Bush', { expected: 'Barack Obama' });
    expect(miss).toMatchObject({ value: 0, pass: false });
    expect(
      (await gradeOutput(tokenF1Grader(), 'the Obama', { expected: ['Barack Obama', 'President Obama'] })).value,
    ).toBeCloseTo(2 / 3);
  });

  it('scores an empty output 0 against a non-empty answer', async () => {
    expect((await gradeOutput(tokenF1Grader(), '', { expected: 'Paris' })).value).toBe(0);
  });
});
