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

  it('renders as a regex replace over the template would, on varied templates (split once, then reused)', () => {
    const replaced = (template: string) =>
      template.replace(/\{\{\s*([^{}]*?)\s*\}\}/g, (_w, path: string) => renderTemplate(`{{${path}}}`, base));
    const templates = [
      '',
      'no placeholders at all',
      '{{id}}',
      '{{id}}{{slice}}',
      'a {{ id }} b {{slice}}c',
      '{{{id}}}',
      '{ {id} } {{id}',
      '$& $1 {{input.question}} $$',
      '\n{{metadata.lang}}\n',
    ];
    for (const t of templates) {
      expect(renderTemplate(t, base)).toBe(replaced(t));
      expect(renderTemplate(t, base)).toBe(replaced(t));
    }
    expect(renderTemplate('a {{ id }} b {{slice}}c', base)).toBe('a c7 b edgec');
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
