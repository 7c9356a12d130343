import { describe, expect, it } from 'vitest';
import type { Case } from '../core/types.js';
import { hasTemplate, renderTemplate, resolveValue } from './template.js';

const c: Case = {
  id: 'c1',
  input: 'Où est ma commande ?',
  expected: { city: 'Paris', n: 2 },
  slice: 'edge',
  metadata: { lang: 'fr', tier: 1 },
  weight: 1,
};

describe('templates', () => {
  it('fills case fields, metadata and nested paths', () => {
    expect(
      renderTemplate('{{ input }} [{{metadata.lang}}/{{slice}}/{{id}}] {{expected.city}} x{{expected.n}}', c),
    ).toBe('Où est ma commande ? [fr/edge/c1] Paris x2');
    expect(renderTemplate('all: {{expected}}', c)).toBe('all: {"city":"Paris","n":2}');
    expect(hasTemplate('plain')).toBe(false);
  });

  it('keeps the type of a single placeholder and defaults to expected', () => {
    expect(resolveValue('{{expected}}', c, 'g')).toEqual({ city: 'Paris', n: 2 });
    expect(resolveValue('{{metadata.tier}}', c, 'g')).toBe(1);
    expect(resolveValue(undefined, c, 'g')).toBe(c.expected);
    expect(resolveValue(['{{metadata.lang}}', 'x'], c, 'g')).toEqual(['fr', 'x']);
    expect(resolveValue(7, c, 'g')).toBe(7);
  });

  it('throws a clear reason for missing values and unknown variables', () => {
    expect(() => resolveValue(undefined, { ...c, expected: undefined }, 'answer')).toThrow(
      `case 'c1' has no "expected" value; add one to the case, or set "value" on grader 'answer'`,
    );
    expect(() => renderTemplate('{{metadata.intent}}', c)).toThrow("case 'c1' has no value for {{metadata.intent}}");
    expect(() => renderTemplate('{{output}}', c)).toThrow(
      'unknown template variable {{output}}; use {{expected}}, {{input}}, {{id}}, {{slice}} or {{metadata.<field>}}',
    );
  });
});
