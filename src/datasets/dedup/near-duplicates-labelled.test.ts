import { describe, expect, it } from 'vitest';
import { labelledSet } from '../../../test/fixtures/dedup/labelled-set.js';
import { findNearDuplicates } from './find-near-duplicates.js';
import { StreamDeduper } from './stream-deduper.js';

/**
 * Precision and recall of near-duplicate detection at the default threshold (Jaccard 0.8) on
 * the project's labelled set, for the stream deduper of `dataset build` and the in-memory
 * check of `dataset check`. The figures printed here are the ones in docs/dataset-design.md.
 */
function evaluate(detect: (texts: readonly string[]) => Set<number>) {
  const rows: { group: string; kind: string; items: number; merged: number }[] = [];
  let tp = 0;
  let fn = 0;
  let fp = 0;
  for (const g of labelledSet()) {
    if (g.kind === 'duplicate') {
      const merged = detect(g.texts.flat());
      const hits = g.texts.filter((_, i) => merged.has(2 * i + 1)).length;
      tp += hits;
      fn += g.texts.length - hits;
      // A copy merged into the wrong original, or an original merged, is a false merge.
      fp += [...merged].filter((i) => i % 2 === 0).length;
      rows.push({ group: g.name, kind: g.kind, items: g.texts.length, merged: hits });
    } else {
      const merged = detect(g.texts[0]);
      fp += merged.size;
      rows.push({ group: g.name, kind: g.kind, items: g.texts[0].length, merged: merged.size });
    }
  }
  return { rows, precision: tp / (tp + fp), recall: tp / (tp + fn) };
}

const stream = (texts: readonly string[]) => {
  const d = new StreamDeduper({ nearThreshold: 0.8 });
  return new Set(
    texts
      .map((t, i) => [i, d.check(t, i + 1).kind] as const)
      .filter(([, k]) => k !== 'unique')
      .map(([i]) => i),
  );
};
const inMemory = (texts: readonly string[]) =>
  new Set(
    findNearDuplicates(
      texts.map((text, i) => ({ id: String(i), text })),
      0.8,
    ).map((p) => Number(p.b)),
  );

describe('near-duplicate detection on the labelled set', () => {
  // The stream compares 64-permutation MinHash estimates (sd ≈ 0.05 near the threshold), the
  // in-memory check exact Jaccard similarities: the stream gives up a little recall.
  const cases = [
    ['dataset build (stream)', stream, 0.93],
    ['dataset check (in memory)', inMemory, 0.95],
  ] as const;
  for (const [name, detect, minRecall] of cases) {
    it(`${name}: precision ≥ 0.95 and recall ≥ ${minRecall}, boilerplate not merged, typos merged`, () => {
      const r = evaluate(detect);
      console.log(`${name}: precision ${r.precision.toFixed(3)}, recall ${r.recall.toFixed(3)}`);
      console.table(r.rows);
      expect(r.precision).toBeGreaterThanOrEqual(0.95);
      expect(r.recall).toBeGreaterThanOrEqual(minRecall);
      const byGroup = new Map(r.rows.map((row) => [row.group, row.merged / row.items]));
      expect(byGroup.get('one typo, 6–20 words')).toBeGreaterThanOrEqual(0.9);
      expect(byGroup.get('5-word messages + 60-word signature')).toBeLessThanOrEqual(0.05);
    });
  }
});
