import { describe, expect, it } from 'vitest';
import type { Case } from '../../core/types.js';
import type { StoredTrial } from '../../store/types.js';
import {
  describeSkipped,
  mergeRegressionCases,
  selectPromotions,
  toRegressionCase,
  trialFailed,
} from './promote-failures.js';

const trial = (
  caseId: string,
  repeat: number,
  scores: StoredTrial['scores'],
  error: string | null = null,
): StoredTrial => ({
  runId: 'run_1',
  caseId,
  repeat,
  output: { text: `out ${caseId}` },
  scores,
  error,
  startedAt: '2024-01-01T00:00:00Z',
  latencyMs: 5,
  slice: 'typical',
  metadata: {},
  weight: 1,
});
const mk = (id: string, input: string): Case => ({
  id,
  input,
  expected: 'x',
  slice: 'typical',
  metadata: { lang: 'en' },
  weight: 2.5,
  source: 't9',
});

describe('promote', () => {
  const trials = [
    trial('a', 0, [
      { grader: 'exact', value: 1, pass: true },
      { grader: 'judge', value: 0, pass: false, reason: 'rude' },
    ]),
    trial('b', 0, [
      { grader: 'exact', value: 1, pass: true },
      { grader: 'judge', value: 1, pass: true },
    ]),
    trial('c', 0, [], 'timeout after 30s'),
    trial('d', 0, [
      { grader: 'exact', value: 0, pass: false },
      { grader: 'judge', value: NaN, pending: true },
    ]),
  ];

  it('selects failed trials overall or on one grader, and never counts pending scores', async () => {
    expect((await selectPromotions(trials, { failedOnly: true })).map((p) => p.caseId)).toEqual(['a', 'c', 'd']);
    expect((await selectPromotions(trials, { failedOnly: true, grader: 'judge' })).map((p) => p.caseId)).toEqual([
      'a',
      'c',
    ]);
    expect((await selectPromotions(trials, { failedOnly: false })).map((p) => p.caseId)).toEqual(['a', 'b', 'c', 'd']);
    expect(trialFailed(trials[3], 'judge')).toBe(false);
  });

  it('does not promote a case whose only failure is a grader error, and names it', async () => {
    const judged = [
      trial('e', 0, [
        { grader: 'exact', value: 1, pass: true },
        { grader: 'judge', value: 0, error: 'judge timed out' },
      ]),
      trial('f', 0, [
        { grader: 'exact', value: 0, pass: false },
        { grader: 'judge', value: 0, error: 'judge timed out' },
      ]),
    ];
    const skipped: string[] = [];
    const picked = await selectPromotions(judged, { failedOnly: true }, (id) => skipped.push(id));
    expect(picked.map((p) => [p.caseId, p.failedGraders])).toEqual([['f', ['exact']]]);
    expect(skipped).toEqual(['e']);
    expect(trialFailed(judged[0])).toBe(false);
  });

  it('turns a failure into a regression case with provenance', async () => {
    const [p] = await selectPromotions(trials, { failedOnly: true });
    const r = toRegressionCase(mk('a', 'hello'), 'run_1', p);
    expect(r).toMatchObject({
      id: 'a',
      slice: 'regression',
      weight: 1,
      source: 'run_1/a',
      metadata: {
        lang: 'en',
        promotedFrom: 'run_1',
        failedGraders: 'judge',
        failureReason: 'rude',
        originalSource: 't9',
        failedOutput: 'out a',
      },
    });
  });

  it('skips cases already present by id or as a near-duplicate input', () => {
    const existing = [mk('a', 'how do I reset my password on the app')];
    const incoming = [
      mk('a', 'other'),
      mk('b', 'How do I reset my password on the app?'),
      mk('c', 'where is my parcel'),
      mk('d', 'Where is my parcel!'),
    ];
    const r = mergeRegressionCases(existing, incoming);
    expect(r.added.map((c) => c.id)).toEqual(['c']);
    expect(r.skipped).toEqual([
      { caseId: 'a', duplicateOf: 'a', kind: 'id' },
      { caseId: 'b', duplicateOf: 'a', kind: 'exact' },
      { caseId: 'd', duplicateOf: 'c', kind: 'exact' },
    ]);
    const near = mergeRegressionCases(existing, [mk('e', 'how do I reset my password on the app today')]);
    expect(near.skipped).toEqual([{ caseId: 'e', duplicateOf: 'a', kind: 'near' }]);
    expect(describeSkipped([...r.skipped, ...near.skipped])).toBe(
      '4 already present (1 same id, 2 same input, 1 near-duplicate input), skipped',
    );
  });
});
