import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { samplingDesign } from '../../src/analysis/metrics/measure.js';
import { rateInterval } from '../../src/analysis/metrics/rate-interval.js';
import { buildFromLogs } from '../../src/datasets/build/build-from-logs.js';
import { createRng, weightedProportionInterval } from '../../src/stats/index.js';

/**
 * A synthetic log with a known truth: four intents of unequal traffic, each a head of a few
 * texts asked hundreds of times (which pass more often) and a tail of one-off texts. Every
 * distinct text has a fixed outcome, so the production pass rate is a known number, and
 * `dataset build` + the run summary's estimator are judged over many seeds.
 */
function syntheticLog(path: string) {
  const rng = createRng(11);
  const vocab = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
  const text = () => Array.from({ length: 12 }, () => vocab[rng.int(vocab.length)]).join(' ');
  const intents = [
    { intent: 'billing', lines: 1600, head: 4, headShare: 0.7, pHead: 0.9, pTail: 0.55 },
    { intent: 'shipping', lines: 1200, head: 3, headShare: 0.5, pHead: 0.8, pTail: 0.7 },
    { intent: 'account', lines: 800, head: 5, headShare: 0.3, pHead: 0.6, pTail: 0.4 },
    { intent: 'legal', lines: 400, head: 2, headShare: 0.2, pHead: 0.5, pTail: 0.2 },
  ];
  const outcome = new Map<string, number>();
  const rows: string[] = [];
  let passLines = 0;
  for (const s of intents) {
    const heads = Array.from({ length: s.head }, () => text());
    for (const h of heads) outcome.set(h, rng.next() < s.pHead ? 1 : 0);
    for (let i = 0; i < s.lines; i++) {
      let t: string;
      if (rng.next() < s.headShare) t = heads[rng.int(heads.length)];
      else {
        t = text();
        outcome.set(t, rng.next() < s.pTail ? 1 : 0);
      }
      passLines += outcome.get(t)!;
      rows.push(JSON.stringify({ input: t, intent: s.intent }));
    }
  }
  // Shuffle so heads and tails interleave as in real traffic.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  writeFileSync(path, `${rows.join('\n')}\n`);
  return { outcome, truth: passLines / rows.length, lines: rows.length };
}

describe('dataset build weights against a known truth (calibration)', () => {
  it('estimates the traffic pass rate without bias and covers it at the nominal 95%', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'assay-cov-')), 'logs.jsonl');
    const { outcome, truth, lines } = syntheticLog(path);
    const seeds = 200;
    let covered = 0;
    let kishCovered = 0;
    let width = 0;
    let kishWidth = 0;
    let sum = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const { cases, report } = await buildFromLogs({
        from: path,
        size: 60,
        strata: ['intent'],
        seed,
        nearDuplicateThreshold: 1,
      });
      expect(report.weightTotal).toBeCloseTo(lines, 6);
      const ys = cases.map((c) => outcome.get(String(c.input))!);
      // The run summary's pass-rate interval, as every view reads it.
      const est = {
        passRate: rateInterval(
          cases.map((c, i) => ({ passes: ys[i], graded: 1, weight: c.weight, ...samplingDesign(c.metadata) })),
        ),
      };
      expect(est.passRate.method).toBe('wilson-stratified');
      const kish = weightedProportionInterval(
        ys,
        cases.map((c) => c.weight),
      );
      sum += est.passRate.value;
      if (est.passRate.lower <= truth && truth <= est.passRate.upper) covered++;
      if (kish.lower <= truth && truth <= kish.upper) kishCovered++;
      width += est.passRate.upper - est.passRate.lower;
      kishWidth += kish.upper - kish.lower;
    }
    const coverage = covered / seeds;
    const bias = sum / seeds - truth;
    console.log(
      `dataset build, ${seeds} seeds, 60 of ${lines} lines, truth ${truth.toFixed(4)}: bias ${bias.toFixed(4)}, ` +
        `stratified coverage ${(coverage * 100).toFixed(1)}% (mean width ${(width / seeds).toFixed(3)}), ` +
        `Kish coverage ${((kishCovered / seeds) * 100).toFixed(1)}% (mean width ${(kishWidth / seeds).toFixed(3)})`,
    );
    expect(Math.abs(bias)).toBeLessThan(0.01);
    // 95% nominal; ±3 binomial standard errors at 200 seeds.
    expect(coverage).toBeGreaterThanOrEqual(0.9);
    expect(coverage).toBeLessThanOrEqual(0.995);
    expect(width).toBeLessThan(kishWidth);
  }, 300_000);
});
