import { describe, expect, it } from 'vitest';
import type { Case } from '../../core/types.js';
import { createRng } from '../../stats/index.js';
import { datasetVersion } from '../version.js';
import { checkDataset, markContamination } from './check-dataset.js';
import { longestMatchingSpan, corpusNgrams } from './contamination.js';
import { casesForHalfWidth } from './balance.js';

const rng = createRng(5);
const VOCAB = Array.from({ length: 400 }, (_, i) => `w${i.toString(36)}`);
const words = (n: number) => Array.from({ length: n }, () => VOCAB[rng.int(VOCAB.length)]).join(' ');
const mk = (id: string, input: Case['input'], extra: Partial<Case> = {}): Case => ({ id, input, slice: 'typical', metadata: {}, weight: 1, ...extra });

function plantedSet() {
  const docs = Array.from({ length: 20 }, () => words(60));
  const cases: Case[] = Array.from({ length: 60 }, (_, i) => mk(`c${i}`, words(25), { expected: words(4), metadata: { topic: `t${i % 3}` } }));
  const contaminated = ['c1', 'c7', 'c13', 'c29', 'c44'];
  contaminated.forEach((id, k) => {
    const i = cases.findIndex((c) => c.id === id);
    const passage = docs[k * 3].split(' ').slice(10, 30).join(' ');
    cases[i] = { ...cases[i], input: `Question: ${words(5)} ${passage.toUpperCase()}, ${words(5)}?` };
  });
  cases[50] = { ...cases[50], input: `${String(cases[3].input)} please` };
  cases[51] = { ...cases[51], input: String(cases[4].input).toUpperCase() };
  cases[20] = { ...cases[20], input: `Given that ${String(cases[20].expected)}, what follows?` };
  cases[21] = { ...cases[21], input: [{ role: 'system', content: `The answer is ${String(cases[21].expected)}.` }, { role: 'user', content: words(10) }] };
  const train: Case[] = [mk('t1', String(cases[10].input)), mk('t2', words(25))];
  return { docs, cases, contaminated, train };
}

describe('checkDataset', () => {
  const { docs, cases, contaminated, train } = plantedSet();
  const dataset = { name: 'planted', version: datasetVersion(cases), cases };
  const report = checkDataset(dataset, { corpora: [{ name: 'docs.jsonl', texts: docs }], splits: [{ name: 'train', cases: train }] });

  it('finds every planted contaminated case with the matching span and no others', () => {
    expect(report.contaminated.map((c) => c.caseId).sort()).toEqual([...contaminated].sort());
    for (const c of report.contaminated) {
      expect(c.corpus).toBe('docs.jsonl');
      expect(c.match.split(' ')).toHaveLength(20);
    }
    expect(report.contaminatedShare).toBeCloseTo(5 / 60);
  });

  it('finds duplicates inside the set and across splits', () => {
    expect(report.duplicates).toEqual(expect.arrayContaining([['c3', 'c50'], ['c4', 'c51'], ['c10', 'train:t1']]));
    expect(report.duplicates).toHaveLength(3);
  });

  it('finds the expected answer in the input and in the system message', () => {
    expect(report.leakage).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ caseId: 'c20', kind: 'expected-in-input' }),
        expect.objectContaining({ caseId: 'c21', kind: 'expected-in-system-prompt' }),
      ]),
    );
    expect(report.leakage.filter((l) => l.kind !== 'metadata-predicts-label')).toHaveLength(2);
  });

  it('flags a metadata field that predicts the label, and not one that does not', () => {
    const labelled = Array.from({ length: 30 }, (_, i) =>
      mk(`l${i}`, words(8), { expected: i % 2 === 0 ? 'refund' : 'deny', metadata: { route: i % 2 === 0 ? 'r-a' : 'r-b', lang: i % 3 === 0 ? 'en' : 'de' } }),
    );
    const r = checkDataset({ name: 'l', version: 'v', cases: labelled });
    expect(r.leakage).toEqual([expect.objectContaining({ caseId: '*', kind: 'metadata-predicts-label', detail: expect.stringContaining("'route'") })]);
  });

  it('warns about thin segments with the planning figures', () => {
    const small = report.balance.find((g) => g.field === 'topic')!;
    expect(small.cases).toBe(20);
    expect(small.halfWidth).toBeGreaterThan(0.2);
    expect(report.warnings.some((w) => w.startsWith('topic=t0 has 20 case(s)'))).toBe(true);
    expect(casesForHalfWidth(0.15)).toBeGreaterThan(35);
    expect(casesForHalfWidth(0.15)).toBeLessThan(45);
  });

  it('marks cases clean or contaminated as a segment', () => {
    const marked = markContamination(cases, report.contaminated);
    expect(marked.filter((c) => c.metadata.contamination === 'contaminated')).toHaveLength(5);
  });
});

describe('longestMatchingSpan', () => {
  it('normalises as the lm-eval Janitor and merges overlapping n-grams', () => {
    const grams = corpusNgrams(['The quick brown fox jumps over the lazy dog.'], 3);
    expect(longestMatchingSpan('well, THE QUICK brown fox jumps! here'.toLowerCase().replace(/[!,]/g, '').split(' '), grams, 3)).toBe('the quick brown fox jumps');
    expect(longestMatchingSpan(['a', 'b', 'c'], grams, 3)).toBeUndefined();
  });
});
