import { describe, expect, it } from 'vitest';
import { FingerprintSet } from './fingerprint-set.js';
import { estimateJaccard, jaccard, minHashSignature, shingleHashes } from './minhash.js';
import { normalizeWords } from './normalize-words.js';
import { StreamDeduper } from './stream-deduper.js';

const text = (i: number) =>
  `customer ${i} asks about the refund for order ${i * 31} placed last week with card ending ${i * 7}`;

describe('normalizeWords', () => {
  it('lowercases, deletes punctuation and splits on whitespace like the lm-eval Janitor', () => {
    expect(normalizeWords("Hello, World! It's 9:30 — Café\tOK")).toEqual([
      'hello',
      'world',
      'its',
      '930',
      'café',
      'ok',
    ]);
  });

  it('folds Unicode case, compatibility forms, quotes and dashes so trivial edits agree', () => {
    const variants = [
      'Don’t ÄNDERN the e-mail: STRAẞE',
      "don't ändern the e mail – strasse",
      'ＤＯＮ＇Ｔ Ändern THE E—MAIL strasse',
    ];
    for (const v of variants) expect(normalizeWords(v)).toEqual(['dont', 'ändern', 'the', 'e', 'mail', 'strasse']);
  });
});

describe('MinHash', () => {
  it('estimates Jaccard similarity within sampling error', () => {
    const a = shingleHashes(normalizeWords(text(1)));
    const b = shingleHashes(normalizeWords(`${text(1)} and also shipping to berlin`));
    const exact = jaccard(a, b);
    const est = estimateJaccard(minHashSignature(a), 0, minHashSignature(b));
    expect(Math.abs(est - exact)).toBeLessThan(0.15);
  });
});

describe('StreamDeduper', () => {
  it('finds exact copies after normalisation and near-duplicates above the threshold', () => {
    const d = new StreamDeduper({ nearThreshold: 0.8, exactSlotsPowerOfTwo: 10, nearCapacity: 64 });
    expect(d.check(text(1), 1).kind).toBe('unique');
    expect(d.check(text(2), 2).kind).toBe('unique');
    expect(d.check(text(1).toUpperCase() + '!!', 3)).toMatchObject({ kind: 'exact', rep: 1 });
    expect(d.check(`${text(2)} thanks`, 4)).toMatchObject({ kind: 'near', rep: 2 });
    expect(d.check(text(3), 5).kind).toBe('unique');
    // Copies count as traffic of the text they repeat: text 1 has 2 lines, text 2 has 2 (one near).
    const t = d.texts;
    const traffic = [...t.texts()].map((slot) => [t.rep(slot), t.traffic(slot)]).sort((a, b) => a[0] - b[0]);
    expect(traffic).toEqual([
      [1, 2],
      [2, 2],
      [5, 1],
    ]);
    // An exact copy of the near-duplicate is traffic of the text it resembles.
    expect(d.check(`${text(2)} thanks`, 6)).toMatchObject({ kind: 'near', rep: 2 });
    expect(t.traffic([...t.texts()].find((slot) => t.rep(slot) === 2)!)).toBe(3);
    // A copy in another group (stratum) is that group's own text.
    expect(d.check(text(1), 7, 1).kind).toBe('unique');
    expect(d.summary()).toMatchObject({
      exact: 1,
      near: 2,
      clusters: [
        { kind: 'exact', rep: 1, removed: 1 },
        { kind: 'near', rep: 2, removed: 1 },
      ],
    });
  });

  it('forgets near-duplicate representatives beyond its window but keeps exact copies', () => {
    const d = new StreamDeduper({ nearThreshold: 0.8, exactSlotsPowerOfTwo: 10, nearCapacity: 2 });
    for (let i = 1; i <= 5; i++) d.check(text(i), i);
    expect(d.check(`${text(1)} thanks`, 6).kind).toBe('unique');
    expect(d.check(`${text(5)} thanks`, 7).kind).toBe('near');
    expect(d.check(text(1), 8).kind).toBe('exact');
  });
});

describe('FingerprintSet', () => {
  it('stops adding at 70% load and says so', () => {
    const set = new FingerprintSet(3);
    for (let i = 1; i <= 10; i++) set.addOrFind(i * 2654435761, i, i);
    expect(set.size).toBe(6);
    expect(set.full).toBe(true);
    expect(set.addOrFind(1 * 2654435761, 1, 99)).toBe(1);
  });
});
