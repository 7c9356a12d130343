import { describe, expect, it } from 'vitest';
import type { Case } from '../../core/types.js';
import { createRng } from '../../stats/index.js';
import { datasetVersion } from '../version.js';
import { checkDataset, markContamination } from './check-dataset.js';
import { findContamination } from './contamination.js';
import { casesForHalfWidth } from './balance.js';

const rng = createRng(5);
const VOCAB = Array.from({ length: 400 }, (_, i) => `w${i.toString(36)}`);
const words = (n: number) => Array.from({ length: n }, () => VOCAB[rng.int(VOCAB.length)]).join(' ');
const mk = (id: string, input: Case['input'], extra: Partial<Case> = {}): Case => ({
  id,
  input,
  slice: 'typical',
  metadata: {},
  weight: 1,
  ...extra,
});

function plantedSet() {
  const docs = Array.from({ length: 20 }, () => words(60));
  const cases: Case[] = Array.from({ length: 60 }, (_, i) =>
    mk(`c${i}`, words(25), { expected: words(4), metadata: { topic: `t${i % 3}` } }),
  );
  const contaminated = ['c1', 'c7', 'c13', 'c29', 'c44'];
  contaminated.forEach((id, k) => {
    const i = cases.findIndex((c) => c.id === id);
    const passage = docs[k * 3].split(' ').slice(10, 30).join(' ');
    cases[i] = { ...cases[i], input: `Question: ${words(5)} ${passage.toUpperCase()}, ${words(5)}?` };
  });
  cases[50] = { ...cases[50], input: `${String(cases[3].input)} please` };
  cases[51] = { ...cases[51], input: String(cases[4].input).toUpperCase() };
  cases[20] = { ...cases[20], input: `Given that ${String(cases[20].expected)}, what follows?` };
  cases[21] = {
    ...cases[21],
    input: [
      { role: 'system', content: `The answer is ${String(cases[21].expected)}.` },
      { role: 'user', content: words(10) },
    ],
  };
  const train: Case[] = [mk('t1', String(cases[10].input)), mk('t2', words(25))];
  return { docs, cases, contaminated, train };
}

describe('checkDataset', async () => {
  const { docs, cases, contaminated, train } = plantedSet();
  const dataset = { name: 'planted', version: datasetVersion(cases), cases };
  const report = await checkDataset(dataset, {
    corpora: [{ name: 'docs.jsonl', texts: docs }],
    splits: [{ name: 'train', cases: train }],
  });

  it('finds every planted contaminated case with the matching span and no others', () => {
    expect(report.contaminated.map((c) => c.caseId).sort()).toEqual([...contaminated].sort());
    for (const c of report.contaminated) {
      expect(c.corpus).toBe('docs.jsonl');
      expect(c.match.split(' ')).toHaveLength(20);
      expect(c.method).toBe('ngram-overlap');
      // The passage was cut from words 11–30 of docs 0, 3, 6, 9, 12.
      expect(c.position).toBe(11);
      expect([1, 4, 7, 10, 13]).toContain(c.line);
    }
    expect(report.contaminatedShare).toBeCloseTo(5 / 60);
  });

  it('finds duplicates inside the set and across splits', () => {
    expect(report.duplicates).toEqual(
      expect.arrayContaining([
        ['c3', 'c50'],
        ['c4', 'c51'],
        ['c10', 'train:t1'],
      ]),
    );
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

  it('flags a metadata field that predicts the label, and not one that does not', async () => {
    const labelled = Array.from({ length: 30 }, (_, i) =>
      mk(`l${i}`, words(8), {
        expected: i % 2 === 0 ? 'refund' : 'deny',
        metadata: { route: i % 2 === 0 ? 'r-a' : 'r-b', lang: i % 3 === 0 ? 'en' : 'de' },
      }),
    );
    const r = await checkDataset({ name: 'l', version: 'v', cases: labelled });
    expect(r.leakage).toEqual([
      expect.objectContaining({
        caseId: '*',
        kind: 'metadata-predicts-label',
        detail: expect.stringContaining("'route'"),
      }),
    ]);
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

describe('findContamination', () => {
  const vocab = Array.from({ length: 3000 }, (_, i) => `v${i.toString(36)}`);
  const r = createRng(17);
  const sentence = (n: number) => Array.from({ length: n }, () => vocab[r.int(vocab.length)]).join(' ');
  const stock = 'thank you for contacting our support team today';
  const run = async (inputs: string[], corpus: string[]) =>
    findContamination(
      inputs.map((input, i) => mk(`c${i}`, input)),
      [{ name: 'train.jsonl', texts: corpus }],
    );

  it('survives one substituted word, curly quotes, hyphens and non-ASCII capitals in 20-word inputs', async () => {
    const originals = Array.from({ length: 30 }, () => sentence(20));
    const corpus = originals.map(
      (o, i) => `${sentence(10)} ${o.replace(' ', i % 2 ? " don't " : ' e-mail ')} Ärger ${sentence(5)}`,
    );
    const substituted = originals.map((o) =>
      o
        .split(' ')
        .map((w, i) => (i === 9 ? 'zzz' : w))
        .join(' '),
    );
    const curly = originals.map((o) => o.replace(' ', ' don’t '));
    const spaced = originals.map((o) => o.replace(' ', ' e mail '));
    for (const variant of [substituted, curly, spaced]) {
      const { contaminated } = await run(variant, corpus);
      expect(contaminated).toHaveLength(30);
    }
    const capitals = originals.map((o) => `${o.replace(' ', ' e-mail ')} ÄRGER`);
    expect((await run(capitals, corpus)).contaminated).toHaveLength(30);
  });

  it('does not flag unrelated texts that share a stock phrase, and counts cases made only of it as unchecked', async () => {
    const corpus = Array.from({ length: 40 }, () => `${sentence(8)} ${stock} ${sentence(8)}`);
    const inputs = Array.from({ length: 30 }, () => `${sentence(6)} ${stock} ${sentence(6)}`);
    expect((await run(inputs, corpus)).contaminated).toEqual([]);
    const { contaminated, unchecked } = await run([stock, '', sentence(12)], corpus);
    expect(contaminated).toEqual([]);
    expect([...unchecked].sort((a, b) => (a.caseId < b.caseId ? -1 : 1))).toEqual([
      { caseId: 'c0', field: 'input', reason: 'common' },
      { caseId: 'c1', field: 'input', reason: 'empty' },
    ]);
  });

  it('catches verbatim copies of short inputs at any length and says which method matched, with the corpus line', async () => {
    const short = ['refund my order', 'cancel', 'where is parcel 12 now'];
    const corpus = [
      { text: sentence(30), line: 1 },
      { text: 'Cancel', line: 2 },
      { text: `${sentence(4)} Refund my ORDER ${sentence(4)}`, line: 7 },
      { text: 'Where is parcel 12 now?', line: 9 },
    ];
    const { contaminated } = await findContamination(
      short.map((input, i) => mk(`s${i}`, input)),
      [{ name: 'train.jsonl', texts: corpus }],
    );
    expect(contaminated.map((c) => [c.caseId, c.method, c.line, c.position])).toEqual([
      ['s0', 'verbatim', 7, 5],
      ['s1', 'exact', 2, 1],
      ['s2', 'exact', 9, 1],
    ]);
  });
});
