import { describe, expect, it } from 'vitest';
import { makeTrial } from '../../../test/fixtures/compare/make-trial.js';
import type { StoredTrial } from '../../store/types.js';
import { buildCaseTable } from './case-table.js';
import { compareTables, type ComparedRun } from './compare-runs.js';

function side(runId: string, trials: StoredTrial[], config: Record<string, unknown> = {}): ComparedRun {
  return { run: { runId, eval: 'support', datasetVersion: 'v1', config }, table: buildCaseTable(trials) };
}

/** 30 English cases (8 flip to pass) and 10 German cases (6 flip to fail), one repeat. */
function languageRuns(): { baseline: ComparedRun; candidate: ComparedRun } {
  const base: StoredTrial[] = [];
  const cand: StoredTrial[] = [];
  for (let i = 0; i < 30; i++) {
    const meta = { language: 'en' };
    base.push(makeTrial(`en-${i}`, { correct: i >= 8 && i < 20 }, { metadata: meta }));
    cand.push(makeTrial(`en-${i}`, { correct: i < 20 }, { metadata: meta }));
  }
  for (let i = 0; i < 10; i++) {
    const meta = { language: 'de' };
    base.push(makeTrial(`de-${i}`, { correct: i < 8 }, { metadata: meta }));
    cand.push(makeTrial(`de-${i}`, { correct: i >= 6 && i < 8 }, { metadata: meta }));
  }
  return { baseline: side('base', base), candidate: side('cand', cand) };
}

describe('compareTables', () => {
  it('warns when the aggregate improves but a segment regresses significantly', () => {
    const base: StoredTrial[] = [];
    const cand: StoredTrial[] = [];
    // 60 English cases: 30 flip to pass; 20 German cases: 12 flip to fail.
    for (let i = 0; i < 60; i++) {
      base.push(makeTrial(`en-${i}`, { correct: i >= 30 }, { metadata: { language: 'en' } }));
      cand.push(makeTrial(`en-${i}`, { correct: true }, { metadata: { language: 'en' } }));
    }
    for (let i = 0; i < 20; i++) {
      base.push(makeTrial(`de-${i}`, { correct: true }, { metadata: { language: 'de' } }));
      cand.push(makeTrial(`de-${i}`, { correct: i >= 12 }, { metadata: { language: 'de' } }));
    }
    const c = compareTables(side('base', base), side('cand', cand));
    expect(c.graders[0].verdict).toBe('improved');
    expect(c.warnings).toContainEqual({
      code: 'segments-disagree',
      message:
        'correct improved overall (+22.5 pts) but regressed significantly on 1 segment after correction: language=de (-60.0 pts, n=20).',
    });
  });

  it('uses exact McNemar with mid-p as the headline for one-repeat pass/fail graders', () => {
    const base: StoredTrial[] = [];
    const cand: StoredTrial[] = [];
    // 20 cases: 1 passes only in the baseline, 7 only in the candidate, 6 in both, 6 in neither.
    for (let i = 0; i < 20; i++) {
      base.push(makeTrial(`c${i}`, { correct: i === 0 || (i >= 8 && i < 14) }));
      cand.push(makeTrial(`c${i}`, { correct: i >= 1 && i < 14 }));
    }
    const c = compareTables(side('base', base), side('cand', cand));
    const g = c.graders[0];
    expect(g.name).toBe('correct');
    expect(g.kind).toBe('binary');
    expect(g.test).toBe('mcnemar-exact-midp');
    expect(g.discordant).toEqual({ baselineOnly: 1, candidateOnly: 7 });
    // m = 8, k = 1: exact = 2·(1 + 8)/256; mid-p = exact − 8/256.
    expect(g.pExact).toBeCloseTo(18 / 256, 12);
    expect(g.pValue).toBeCloseTo(10 / 256, 12);
    expect(g.delta.value).toBeCloseTo(6 / 20, 12);
    expect(g.baseline.value).toBeCloseTo(7 / 20, 12);
    expect(g.candidate.value).toBeCloseTo(13 / 20, 12);
    expect(g.baseline.n).toBe(20);
    expect(g.verdict).toBe('improved');
    expect(c.sharedCases).toBe(20);
  });

  it('finds the segment that regresses, adjusts across the family with BH (or Holm), and lists flips', () => {
    const { baseline, candidate } = languageRuns();
    const c = compareTables(baseline, candidate);
    const g = c.graders[0];
    // Overall b = 6, c = 8: mid-p = (2·ΣC(14, 0..6) − C(14, 6))/2^14 = 9949/16384.
    expect(g.pValue).toBeCloseTo(9949 / 16384, 12);
    expect(g.verdict).toBe('no-detectable-change');
    expect(g.mde).toBeGreaterThan(Math.abs(g.delta.value));
    expect(c.segmentFamilySize).toBe(3);
    const seg = (field: string, value: string) => c.segments.find((s) => s.field === field && s.value === value)!;
    // Each language: 8 (or 6) discordant pairs all one way: mid-p = 2/2^m − 1/2^m.
    expect(seg('language', 'en').pValue).toBeCloseTo(1 / 256, 12);
    expect(seg('language', 'de').pValue).toBeCloseTo(1 / 64, 12);
    // BH over {1/256, 1/64, 9949/16384}: 3·(1/256)/1 = 0.01171875, 3·(1/64)/2 = 0.0234375.
    expect(seg('language', 'en').pAdjusted).toBeCloseTo(0.01171875, 12);
    expect(seg('language', 'de').pAdjusted).toBeCloseTo(0.0234375, 12);
    expect(seg('slice', 'typical').pAdjusted).toBeCloseTo(9949 / 16384, 12);
    expect(seg('language', 'en').verdict).toBe('improved');
    expect(seg('language', 'de').verdict).toBe('regressed');
    expect(seg('language', 'de').n).toBe(10);
    expect(c.flips.regressed).toEqual(['de-0', 'de-1', 'de-2', 'de-3', 'de-4', 'de-5']);
    expect(c.flips.improved).toHaveLength(8);
    expect(c.flips.details.find((f) => f.caseId === 'de-0')).toMatchObject({
      direction: 'regressed',
      metadata: { language: 'de' },
    });

    const holm = compareTables(baseline, candidate, { correction: 'holm' });
    // Holm: 3·(1/256), then max(that, 2·(1/64)) = 1/32.
    expect(holm.segments.find((s) => s.value === 'en')!.pAdjusted).toBeCloseTo(3 / 256, 12);
    expect(holm.segments.find((s) => s.value === 'de')!.pAdjusted).toBeCloseTo(1 / 32, 12);
    const none = compareTables(baseline, candidate, { correction: 'none' });
    expect(none.segments.find((s) => s.value === 'de')!.pAdjusted).toBeCloseTo(1 / 64, 12);
  });

  it('calls a change inconclusive when the gate margin is smaller than the MDE', () => {
    const { baseline, candidate } = languageRuns();
    const gated = side('cand', [], { gates: [{ grader: 'correct', nonInferiority: { margin: 0.01 } }] });
    const c = compareTables(baseline, { run: gated.run, table: candidate.table });
    expect(c.graders[0].verdict).toBe('inconclusive');
    expect(c.graders[0].margin).toBe(0.01);
    expect(compareTables(baseline, candidate, { gateMargin: 0.9 }).graders[0].verdict).toBe('no-detectable-change');
  });

  it('uses per-case means and an exact sign-flip test with repeats, and lists flaky cases with the variance decomposition', () => {
    const base: StoredTrial[] = [];
    const cand: StoredTrial[] = [];
    for (let i = 0; i < 6; i++) {
      for (let r = 0; r < 2; r++) {
        base.push(makeTrial(`c${i}`, { correct: false }, { repeat: r }));
        // Case c0 passes one repeat of two in the candidate: flaky; the rest pass both.
        cand.push(makeTrial(`c${i}`, { correct: i === 0 ? r === 0 : true }, { repeat: r }));
      }
    }
    const c = compareTables(side('base', base), side('cand', cand));
    const g = c.graders[0];
    expect(g.test).toBe('sign-flip-permutation');
    // d = [0.5, 1, 1, 1, 1, 1]: only the all-plus and all-minus patterns reach |mean| ≥ 11/12: p = 2/64.
    expect(g.pValue).toBeCloseTo(2 / 64, 12);
    expect(g.pPairedT).toBeGreaterThan(0);
    expect(g.delta.value).toBeCloseTo(5.5 / 6, 12);
    expect(g.intervalMethod).toBe('bounded-score');
    expect(g.delta.lower).toBeGreaterThan(0);
    expect(g.verdict).toBe('improved');
    expect(c.flaky).toEqual(['c0']);
    expect(c.flakyDetails).toEqual([{ caseId: 'c0', grader: 'correct', side: 'candidate', passes: 1, repeats: 2 }]);
    expect(c.flips.improved).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    const v = c.variance.find((x) => x.side === 'candidate')!;
    expect(v.repeats).toBe(2);
    // Within-variance: only c0 varies (σ̂² = 0.5), mean over 6 items = 1/12.
    expect(v.withinVariance).toBeCloseTo(0.5 / 6, 12);
    expect(v.recommendation).toMatch(/more repeats would narrow the interval/);
  });

  it('treats scores other than 0/1 as continuous and is reproducible from the seed', () => {
    const base: StoredTrial[] = [];
    const cand: StoredTrial[] = [];
    for (let i = 0; i < 12; i++) {
      base.push(makeTrial(`c${i}`, { quality: 0.5 }));
      cand.push(makeTrial(`c${i}`, { quality: 0.5 + (i % 3 === 0 ? -0.1 : 0.05) }));
    }
    const a = compareTables(side('base', base), side('cand', cand), { seed: 7 });
    const b = compareTables(side('base', base), side('cand', cand), { seed: 7 });
    expect(a.graders[0].kind).toBe('continuous');
    expect(a.graders[0].test).toBe('sign-flip-permutation');
    expect(a.graders[0].delta).toEqual(b.graders[0].delta);
    expect(a.graders[0].delta.lower).toBeLessThan(a.graders[0].delta.value);
    expect(a.graders[0].delta.value).toBeCloseTo((8 * 0.05 - 4 * 0.1) / 12, 12);
  });

  it('counts cases on one side only and errored trials instead of dropping them', () => {
    const base = [
      makeTrial('a', { correct: true }),
      makeTrial('b', { correct: true }),
      makeTrial('gone', { correct: true }),
    ];
    const cand = [
      makeTrial('a', { correct: true }),
      makeTrial('b', { correct: true }, { error: 'timeout after 30000 ms' }),
      makeTrial('new', { correct: false }),
    ];
    const c = compareTables(side('base', base), side('cand', cand));
    expect(c.sharedCases).toBe(2);
    expect(c.onlyInBaseline).toBe(1);
    expect(c.onlyInCandidate).toBe(1);
    expect(c.onlyInBaselineIds).toEqual(['gone']);
    expect(c.graders[0].excluded).toEqual({ errored: 1, pending: 0 });
    expect(c.graders[0].baseline.n).toBe(1);
    expect(c.candidate.errors).toBe(1);
    expect(c.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['only-in-baseline', 'only-in-candidate', 'errored-trials', 'excluded-cases']),
    );
  });

  it("warns of Simpson's paradox when every segment drops but the pooled rate rises", () => {
    const base: StoredTrial[] = [];
    const cand: StoredTrial[] = [];
    // Baseline: X 9/10, Y 30/90 (pooled 39%). Candidate: X 77/90, Y 3/10 (pooled 80%): both segments drop.
    for (let i = 0; i < 10; i++) base.push(makeTrial(`x${i}`, { correct: i < 9 }, { metadata: { tier: 'X' } }));
    for (let i = 0; i < 90; i++) base.push(makeTrial(`y${i}`, { correct: i < 30 }, { metadata: { tier: 'Y' } }));
    for (let i = 0; i < 90; i++) cand.push(makeTrial(`x${i}`, { correct: i < 77 }, { metadata: { tier: 'X' } }));
    for (let i = 0; i < 10; i++) cand.push(makeTrial(`y${i}`, { correct: i < 3 }, { metadata: { tier: 'Y' } }));
    const c = compareTables(side('base', base), side('cand', cand));
    const codes = c.warnings.map((w) => w.code);
    expect(codes).toContain('simpsons-paradox');
    expect(codes).toContain('composition-mismatch');
    expect(c.warnings.find((w) => w.code === 'simpsons-paradox')!.message).toMatch(
      /every 'tier' segment's pass rate moves down, but the pooled rate moves up/,
    );
  });

  it('raises no Simpson warning when compositions match', () => {
    const { baseline, candidate } = languageRuns();
    expect(compareTables(baseline, candidate).warnings.map((w) => w.code)).not.toContain('simpsons-paradox');
  });

  it('adds a weighted difference on the effective sample size when cases carry unequal weights', () => {
    const base: StoredTrial[] = [];
    const cand: StoredTrial[] = [];
    for (let i = 0; i < 10; i++) {
      base.push({ ...makeTrial(`c${i}`, { correct: false }), weight: i < 5 ? 3 : 1 });
      cand.push({ ...makeTrial(`c${i}`, { correct: i < 5 }), weight: i < 5 ? 3 : 1 });
    }
    const g = compareTables(side('base', base), side('cand', cand)).graders[0];
    // Unweighted Δ = 5/10; weighted Δ = 15/20; n_eff = 20²/(5·9 + 5·1) = 8.
    expect(g.delta.value).toBeCloseTo(0.5, 12);
    expect(g.weightedDelta!.value).toBeCloseTo(0.75, 12);
    expect(g.weightedDelta!.nEff).toBeCloseTo(8, 12);
    const unweighted = compareTables(languageRuns().baseline, languageRuns().candidate).graders[0];
    expect(unweighted.weightedDelta).toBeUndefined();
  });
});
