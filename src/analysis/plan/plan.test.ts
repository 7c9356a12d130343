import { describe, expect, it } from 'vitest';
import { makeTrial } from '../../../test/fixtures/compare/make-trial.js';
import { buildCaseTable } from '../compare/case-table.js';
import { rateMde } from '../metrics/mde.js';
import { planFromRates } from './plan-from-rates.js';
import { planFromTable } from './plan-from-run.js';

const Z = 1.959963984540054 + 0.8416212335729143;

describe('planFromRates', () => {
  it('gives Connor and Miller sample sizes from the discordance', () => {
    const p = planFromRates({ baselineRate: 0.85, delta: 0.03, discordance: 0.1 });
    expect(p.casesMiller).toBe(Math.ceil((Z ** 2 * (0.1 - 0.0009)) / 0.0009));
    expect(p.candidateRate).toBeCloseTo(0.88, 12);
    expect(p.discordanceAssumed).toBe(false);
  });

  it('assumes independent outcomes when no discordance is given', () => {
    const p = planFromRates({ baselineRate: 0.5, delta: 0.1 });
    expect(p.discordance).toBeCloseTo(0.5 * 0.4 + 0.6 * 0.5, 12);
    expect(p.notes[0]).toContain('assumed');
  });

  it('rejects a candidate rate outside [0, 1] with every problem listed', () => {
    expect(() => planFromRates({ baselineRate: 0.99, delta: 0.05, repeats: 0 })).toThrow(/Cannot plan/);
  });

  it('plans from a baseline passing (or failing) every case, where every change goes one way', () => {
    const drop = planFromRates({ baselineRate: 1, delta: -0.01 });
    expect(drop.discordance).toBeCloseTo(0.01, 15);
    expect(drop.casesMidP).toBe(699);
    // The summary of an all-pass run of that many cases shows an MDE of at most the planned change.
    expect(rateMde(1, drop.casesMidP, 0.05, 0.8, true).value).toBeLessThanOrEqual(0.01);
    expect(rateMde(1, drop.casesMidP - 30, 0.05, 0.8, true).value).toBeGreaterThan(0.01);
    expect(planFromRates({ baselineRate: 0, delta: 0.05 }).casesMidP).toBe(
      planFromRates({ baselineRate: 0.95, delta: 0.05, discordance: 0.05 }).casesMidP,
    );
    const up = (() => {
      try {
        planFromRates({ baselineRate: 1, delta: 0.01 });
      } catch (error) {
        return error as { issues: { message: string }[] };
      }
    })();
    // One problem, not three: the derived discordance of an impossible change is not reported.
    expect(up?.issues.map((i) => i.message)).toEqual([
      '--baseline-rate 1 plus --delta 0.01 leaves [0, 1] (from 100%, only a drop: a negative --delta)',
    ]);
  });
});

describe('planFromTable', () => {
  it("uses Miller's formula on the pilot's between and within variances", () => {
    // 20 cases × 2 repeats: 10 always pass, 5 never, 5 pass one repeat of two.
    const trials = Array.from({ length: 20 }, (_, i) =>
      [0, 1].map((r) => makeTrial(`c${i}`, { correct: i < 10 || (i >= 15 && r === 0) }, { repeat: r })),
    ).flat();
    const plan = planFromTable('pilot', buildCaseTable(trials), {
      delta: 0.1,
      correlation: 0.5,
      repeatOptions: [1, 4],
    });
    const g = plan.graders[0];
    const means = [...Array(10).fill(1), ...Array(5).fill(0), ...Array(5).fill(0.5)];
    const m = means.reduce((s, x) => s + x, 0) / 20;
    const varMeans = means.reduce((s, x) => s + (x - m) ** 2, 0) / 19;
    const within = (5 * 0.5) / 20;
    expect(g.withinVariance).toBeCloseTo(within, 12);
    expect(g.betweenVariance).toBeCloseTo(varMeans - within / 2, 12);
    const omega2 = 2 * g.betweenVariance * 0.5;
    expect(g.options[0]).toEqual({
      repeats: 1,
      cases: Math.ceil((Z ** 2 * (omega2 + 2 * within)) / 0.01 - 1e-9),
      trials: expect.any(Number),
    });
    expect(g.options[1].cases).toBe(Math.ceil((Z ** 2 * (omega2 + (2 * within) / 4)) / 0.01 - 1e-9));
  });

  it('says when a one-repeat pilot cannot split the variance', () => {
    const trials = Array.from({ length: 10 }, (_, i) => makeTrial(`c${i}`, { correct: i < 6 }));
    const g = planFromTable('pilot', buildCaseTable(trials), { delta: 0.1 }).graders[0];
    expect(g.withinVariance).toBe(0);
    expect(g.notes[0]).toContain('one repeat');
    expect(new Set(g.options.map((o) => o.cases)).size).toBe(1);
  });
});
