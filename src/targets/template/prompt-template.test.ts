import { describe, expect, it } from 'vitest';
import type { Case } from '../../core/types.js';
import { renderTemplate, templateProblems } from './prompt-template.js';

const base: Case = {
  id: 'c7',
  input: { question: 'Refund?', order: { id: 42 } },
  expected: ['a', 'b'],
  slice: 'edge',
  metadata: { lang: 'de', vip: true },
  weight: 1,
};

describe('prompt templates', () => {
  it('fills input, input fields, expected, metadata, id and slice', () => {
    expect(
      renderTemplate(
        '{{ input.question }} #{{input.order.id}} [{{metadata.lang}}/{{metadata.vip}}] {{id}} {{slice}} exp={{expected}}',
        base,
      ),
    ).toBe('Refund? #42 [de/true] c7 edge exp=["a","b"]');
    expect(renderTemplate('{{input}}', base)).toBe('{"question":"Refund?","order":{"id":42}}');
    expect(
      renderTemplate('{{input}}', {
        ...base,
        input: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'yo' },
        ],
      }),
    ).toBe('user: hi\nassistant: yo');
  });

  it('fails on a missing value, naming the placeholder and the case', () => {
    expect(() => renderTemplate('{{metadata.tier}}', base)).toThrow(
      "Case 'c7' has no value for {{metadata.tier}} in the prompt template.",
    );
  });

  it('lists unknown placeholders', () => {
    expect(templateProblems('{{input}} {{expected}} {{metadata.x}}')).toEqual([]);
    expect(templateProblems('{{inptu}} {{metadata}} {{env.KEY}}')).toHaveLength(3);
    expect(templateProblems('{{env.KEY}}', { allowEnv: true })).toEqual([]);
  });
});
