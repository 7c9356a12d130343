import { describe, expect, it } from 'vitest';
import type { Case } from '../../core/types.js';
import { createRng, type Rng, wilsonInterval } from '../../stats/index.js';
import type { OnlineScore } from '../../store/trace-types.js';
import { segmentMix } from './segment-mix.js';

const TIERS = ['free', 'pro', 'enterprise'] as const;

function draw(rng: Rng, shares: readonly number[]): (typeof TIERS)[number] {
  let u = rng.next();
  for (let i = 0; i < shares.length; i++) {
    if (u < shares[i]) return TIERS[i];
    u -= shares[i];
  }
  return TIERS[TIERS.length - 1];
}

/** An eval set drawn with the given tier mix; `lang` alternates unless `randomLang` draws it too. */
function evalCases(rng: Rng, n: number, shares: readonly number[], randomLang = false): Case[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `c${i}`,
    input: 'q',
    slice: 'typical',
    metadata: { tier: draw(rng, shares), lang: (randomLang ? rng.next() < 0.5 : i % 2 === 0) ? 'en' : 'fr' },
    weight: 1,
  }));
}

/**
 * Production traffic with the given mix, sampled as an online eval does: enterprise at rate 1,
 * the rest at 0.1, each sampled trace weighted 1/rate and scored by two graders.
 */
function sampledScores(rng: Rng, traffic: number, shares: readonly number[]): OnlineScore[] {
  const out: OnlineScore[] = [];
  for (let i = 0; i < traffic; i++) {
    const tier = draw(rng, shares);
    const rate = tier === 'enterprise' ? 1 : 0.1;
    if (rng.next() >= rate) continue;
    const lang = rng.next() < 0.5 ? 'en' : 'fr';
    for (const grader of ['a', 'b'])
      out.push({
        eval: 'prod',
        traceId: `t${i}`,
        spanId: '',
        timestamp: '2026-03-01T00:00:00.000Z',
        sampled: true,
        weight: 1 / rate,
        grader,
        value: 1,
        pass: true,
        reason: null,
        error: null,
        metadata: { tier, lang },
      });
  }
  return out;
}

const evalSet = { runId: 'run_1', eval: 'qa', datasetVersion: 'v1', cases: 0 };

describe('segmentMix', () => {
  it('puts each value’s eval share beside its weighted production share, counting a trace once', () => {
    const cases = evalCases(createRng(1), 200, [0.6, 0.3, 0.1]);
    const scores = sampledScores(createRng(2), 20_000, [0.6, 0.3, 0.1]);
    const mix = segmentMix({ evalSet, cases, scores, fields: ['tier'] });
    expect(mix.traces).toBe(new Set(scores.map((s) => s.traceId)).size);
    expect(mix.rows.map((r) => r.value)).toEqual(['enterprise', 'free', 'pro']);
    const free = mix.rows.find((r) => r.value === 'free')!;
    // Weighted back to traffic: ~60% although enterprise was sampled ten times as often.
    expect(free.productionShare.value).toBeGreaterThan(0.55);
    expect(free.productionShare.value).toBeLessThan(0.65);
    expect(free.productionShare.method).toBe('wilson-kish');
    expect(free.productionShare.nEff).toBeLessThan(mix.traces);
    expect(free.evalShare.n).toBe(200);
    expect(mix.rows.reduce((a, r) => a + r.evalShare.value, 0)).toBeCloseTo(1, 12);
    expect(mix.rows.reduce((a, r) => a + r.productionShare.value, 0)).toBeCloseTo(1, 12);
  });

  it('flags a segment the eval set over-represents, and says so of no other', () => {
    const cases = evalCases(createRng(3), 300, [0.3, 0.3, 0.4]);
    const scores = sampledScores(createRng(4), 20_000, [0.7, 0.25, 0.05]);
    const mix = segmentMix({ evalSet, cases, scores });
    expect(mix.fields).toEqual(['lang', 'tier']);
    const flagged = mix.rows.filter((r) => r.differs).map((r) => `${r.field}=${r.value}`);
    expect(flagged).toEqual(['tier=enterprise', 'tier=free']);
  });

  it('warns about a compared field no case has, with a did-you-mean', () => {
    const mix = segmentMix({
      evalSet,
      cases: evalCases(createRng(5), 20, [0.5, 0.5, 0]),
      scores: [],
      fields: ['teir'],
    });
    expect(mix.warnings).toEqual([
      "No case of the eval set has the field 'teir' (did you mean 'tier'?): all of it is in teir=(none).",
    ]);
  });

  // Proof by simulation through the same function `assay online status` calls: with the same
  // mix on both sides, some flag is raised in at most about `level` of the reports (under the
  // global null, BH's false-discovery rate is the chance of any false flag).
  it('raises a false flag in at most 5% of reports when the mixes are the same (seed 20261205)', () => {
    const rng = createRng(20261205);
    const reports = 400;
    let anyFlag = 0;
    for (let k = 0; k < reports; k++) {
      const cases = evalCases(rng, 150, [0.5, 0.35, 0.15], true);
      const scores = sampledScores(rng, 3_000, [0.5, 0.35, 0.15]);
      if (segmentMix({ evalSet, cases, scores, fields: ['tier', 'lang'] }).rows.some((r) => r.differs)) anyFlag++;
    }
    const rate = wilsonInterval(anyFlag, reports);
    expect(rate.lower).toBeLessThanOrEqual(0.05);
    expect(anyFlag / reports).toBeLessThan(0.08);
  });
});
