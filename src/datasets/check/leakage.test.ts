import { describe, expect, it } from 'vitest';
import type { Case } from '../../core/types.js';
import { createRng } from '../../stats/index.js';
import { findLeakage } from './leakage.js';

const rng = createRng(23);
const VOCAB = Array.from({ length: 500 }, (_, i) => `t${i.toString(36)}`);
const words = (n: number) => Array.from({ length: n }, () => VOCAB[rng.int(VOCAB.length)]).join(' ');
const mk = (id: string, input: string, expected: string | number, metadata: Case['metadata'] = {}): Case => ({
  id,
  input,
  expected,
  slice: 'typical',
  metadata,
  weight: 1,
});

describe('findLeakage', () => {
  it('finds one-word and numeric answers given away in the input, as whole words only', () => {
    const oneWord = Array.from({ length: 100 }, (_, i) =>
      mk(`w${i}`, `${words(6)} the answer is Refund${i}. ${words(4)}`, `refund${i}`),
    );
    const numeric = Array.from({ length: 20 }, (_, i) =>
      mk(`n${i}`, `${words(5)} total ${1000 + i} units ${words(3)}`, 1000 + i),
    );
    const found = findLeakage([...oneWord, ...numeric]).filter((l) => l.kind === 'expected-in-input');
    expect(found).toHaveLength(120);
    expect(found[0].detail).toBe('the expected answer "refund0" appears as whole words in the input');
    // Inside another word or number is not a give-away.
    expect(findLeakage([mk('a', 'order 10001 and refunds', 1000), mk('b', 'we refunded it', 'refund')])).toEqual([]);
  });

  it('does not flag a short label when the input lists the options', () => {
    const cases = Array.from({ length: 20 }, (_, i) =>
      mk(`c${i}`, `${words(8)} Answer positive or negative.`, i % 2 ? 'positive' : 'negative'),
    );
    expect(findLeakage(cases)).toEqual([]);
  });

  it('flags a metadata field right on 97% of cases (leave-one-out λ ≥ 0.9), not one right on 80% nor an id', () => {
    const cases = Array.from({ length: 100 }, (_, i) => {
      const label = i % 2 ? 'approve' : 'deny';
      const other = label === 'approve' ? 'deny' : 'approve';
      return mk(`c${i}`, words(10), label, {
        route: `r-${i < 3 ? other : label}`,
        team: `t-${i % 10 < 2 ? other : label}`,
        ticket: `T${i}`,
      });
    });
    const leaks = findLeakage(cases);
    expect(leaks).toEqual([
      expect.objectContaining({
        caseId: '*',
        kind: 'metadata-predicts-label',
        detail: expect.stringMatching(
          /^metadata field 'route' predicts the expected label \(leave-one-out Goodman–Kruskal λ = 0\.94 ≥ 0\.9;/,
        ),
      }),
    ]);
  });
});
