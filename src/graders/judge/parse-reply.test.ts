import { describe, expect, it } from 'vitest';
import { isAssayError } from '../../core/errors.js';
import { parseChoice } from './parse-reply.js';

const CHOICES = ['correct', 'partly', 'wrong'];

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('parseChoice', () => {
  it('reads a tool call / JSON-mode value first', () => {
    expect(parseChoice({ toolCalls: [{ name: 'judge_verdict', arguments: { reasoning: 'fine', choice: 'Correct' } }] }, CHOICES))
      .toMatchObject({ choice: 'correct', reasoning: 'fine', format: 'structured' });
    expect(parseChoice({ value: { choice: 'wrong' }, text: '{"choice":"wrong"}' }, CHOICES)).toMatchObject({ choice: 'wrong', format: 'structured' });
  });

  it('reads JSON inside prose or a code fence', () => {
    const text = 'Let me think.\n```json\n{"reasoning": "misses the dose", "choice": "partly"}\n```';
    expect(parseChoice({ text }, CHOICES)).toMatchObject({ choice: 'partly', reasoning: 'misses the dose', format: 'json' });
    expect(parseChoice({ text: 'Verdict follows {"choice": "wrong"} done' }, CHOICES).choice).toBe('wrong');
  });

  it('salvages a truncated JSON reply whose choice field is complete', () => {
    expect(parseChoice({ text: '{"reasoning": "ok so far", "choice": "correct", "confid' }, CHOICES))
      .toMatchObject({ choice: 'correct', format: 'recovered', reasoning: 'ok so far' });
  });

  it('reads an explicit choice line, the last one winning', () => {
    expect(parseChoice({ text: 'Step 1… the answer omits the dose.\nChoice: partly' }, CHOICES)).toMatchObject({ choice: 'partly', format: 'text' });
    expect(parseChoice({ text: 'Verdict: wrong\nOn reflection…\n**Final verdict:** correct' }, CHOICES).choice).toBe('correct');
    expect(parseChoice({ text: 'Verdict: wrong\nVerdict: correct' }, CHOICES).choice).toBe('correct');
    expect(parseChoice({ text: '"Correct".' }, CHOICES).choice).toBe('correct');
  });

  it('throws JUDGE_INVALID_REPLY for garbage, refusals, truncated JSON without a choice and unknown choices', () => {
    for (const text of ['lorem ipsum', "I'm sorry, I can't help with grading this.", '{"reasoning": "The answer is correct bec', '{"choice": "excellent"}', '']) {
      const error = errorOf(() => parseChoice({ text }, CHOICES));
      expect(isAssayError(error, 'JUDGE_INVALID_REPLY')).toBe(true);
    }
    expect((errorOf(() => parseChoice({ text: "I'm sorry, I can't help with that." }, CHOICES)) as Error).message)
      .toMatchInlineSnapshot(`"Judge reply named no valid choice (expected one of "correct", "partly", "wrong"): the judge refused. Reply: "I'm sorry, I can't help with that.""`);
    expect((errorOf(() => parseChoice({ text: '{"choice": "excellent"}' }, CHOICES)) as Error).message)
      .toMatchInlineSnapshot(`"Judge reply named no valid choice (expected one of "correct", "partly", "wrong"): "choice" is "excellent". Reply: "{\\"choice\\": \\"excellent\\"}""`);
  });

  it('never takes a choice word mentioned in passing', () => {
    expect(isAssayError(errorOf(() => parseChoice({ text: 'The answer is not correct and not wrong either.' }, CHOICES)), 'JUDGE_INVALID_REPLY')).toBe(true);
  });
});
