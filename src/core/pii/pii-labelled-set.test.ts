import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PII_TYPES, findPii, type PiiType } from './redact-pii.js';

interface Labelled {
  readonly text: string;
  readonly pii: readonly [PiiType, string][];
}

const set = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/pii/labelled.json', import.meta.url), 'utf8'),
) as Labelled[];

/**
 * Precision and recall per type on a labelled set written for this project: each type's
 * positives, and texts that must not be touched (order ids, ZIP+4, dates and times, lists of
 * numbers, versions). A found span counts when it overlaps a labelled value of its type.
 */
function score() {
  const tally = new Map<PiiType, { tp: number; fp: number; fn: number }>(
    PII_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]),
  );
  const misses: string[] = [];
  for (const item of set) {
    const found = findPii(item.text);
    const labels = item.pii.map(([type, value]) => ({
      type,
      start: item.text.indexOf(value),
      end: item.text.indexOf(value) + value.length,
    }));
    for (const l of labels) expect(l.start, `${l.type} value must be in "${item.text}"`).toBeGreaterThanOrEqual(0);
    const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
      a.start < b.end && b.start < a.end;
    for (const l of labels) {
      const hit = found.some((f) => f.type === l.type && overlaps(f, l));
      tally.get(l.type)![hit ? 'tp' : 'fn']++;
      if (!hit) misses.push(`missed ${l.type}: ${item.text}`);
    }
    for (const f of found) {
      if (!labels.some((l) => l.type === f.type && overlaps(f, l))) {
        tally.get(f.type)!.fp++;
        misses.push(`false ${f.type} "${item.text.slice(f.start, f.end)}": ${item.text}`);
      }
    }
  }
  return { tally, misses };
}

describe('PII detection on the labelled set', () => {
  it('finds every type with precision and recall ≥ 0.95, and touches none of the look-alikes', () => {
    const { tally, misses } = score();
    const rows = [...tally].map(([type, t]) => {
      const precision = t.tp + t.fp > 0 ? t.tp / (t.tp + t.fp) : 1;
      const recall = t.tp + t.fn > 0 ? t.tp / (t.tp + t.fn) : 1;
      return {
        type,
        positives: t.tp + t.fn,
        precision: Number(precision.toFixed(3)),
        recall: Number(recall.toFixed(3)),
      };
    });
    console.log(`PII redaction, ${set.length} labelled texts:`);
    console.table(rows);
    expect(misses).toEqual([]);
    for (const r of rows) {
      expect(r.precision).toBeGreaterThanOrEqual(0.95);
      expect(r.recall).toBeGreaterThanOrEqual(0.95);
    }
  });
});
