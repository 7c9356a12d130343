import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/core/types.js';
import { diagnoseOutcomes, diagnosePassRate } from '../../src/analysis/diagnose-stored-run.js';
import { foldTrials } from '../../src/analysis/metrics/read-fold.js';
import type { CaseOutcome } from '../../src/datasets/diagnose/diagnose-report.js';
import { diagnose } from '../../src/datasets/diagnose/diagnose-run.js';
import type { StoredTrial } from '../../src/store/types.js';
import { createRng, weightedProportionInterval, wilsonInterval } from '../../src/stats/index.js';

/**
 * `diagnose` reweights a skewed eval set to production. Production: three intents (50/30/20%
 * of traffic) passing at 90/60/30% and two languages (70/30%) that shift the pass rate by
 * ±5 points, so the production pass rate is known exactly. Each seed draws the eval set's
 * outcomes (40 cases per intent × language cell, far from the traffic mix) and asks whether
 * the reweighted interval covers the truth.
 */
const intents = [
  ['billing', 0.5, 0.9],
  ['shipping', 0.3, 0.6],
  ['legal', 0.2, 0.3],
] as const;
const languages = [
  ['en', 0.7, 0.05],
  ['de', 0.3, -0.1],
] as const;
const truth = intents.reduce((a, [, w, p]) => a + languages.reduce((b, [, v, d]) => b + w * v * (p + d), 0), 0);

function logFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'assay-diag-cov-')), 'logs.jsonl');
  const lines: string[] = [];
  let i = 0;
  for (const [intent, w] of intents) {
    for (const [language, v] of languages) {
      for (let k = 0; k < Math.round(w * v * 1000); k++)
        lines.push(JSON.stringify({ input: `message ${i++}`, intent, language }));
    }
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Cases per intent × language cell: equal, or heavy on the easy intent (the hard one up-weighted). */
const designs = {
  equal: { billing: 40, shipping: 40, legal: 40 },
  'easy-heavy': { billing: 60, shipping: 15, legal: 6 },
} as const;
const evalSet = (sizes: Readonly<Record<string, number>>): Case[] =>
  intents.flatMap(([intent]) =>
    languages.flatMap(([language]) =>
      Array.from({ length: sizes[intent] }, (_, k) => ({
        id: `${intent}-${language}-${k}`,
        input: `eval ${intent} ${language} ${k}`,
        slice: 'typical',
        metadata: { intent, language },
        weight: 1,
      })),
    ),
  );
const passProbability = (c: Case) => {
  const p = intents.find(([i]) => i === c.metadata.intent)![2];
  return p + languages.find(([l]) => l === c.metadata.language)![2];
};

describe('diagnose reweighted interval (calibration)', () => {
  const scenarios = [
    [['intent', 'language'], 'equal'],
    [undefined, 'equal'],
    [['intent', 'language'], 'easy-heavy'],
  ] as const;
  for (const [strata, design] of scenarios) {
    const mode = `${strata ? 'joint cells' : 'one-way raking'}, ${design} eval set`;
    const cases = evalSet(designs[design]);
    it(`covers the production pass rate at the nominal 95% (${mode})`, async () => {
      const logs = logFile();
      const rng = createRng(3);
      const seeds = 300;
      let covered = 0;
      let kishCovered = 0;
      let sum = 0;
      for (let s = 0; s < seeds; s++) {
        const outcomes = new Map<string, CaseOutcome>();
        for (const c of cases) {
          const pass = rng.next() < passProbability(c) ? 1 : 0;
          const count = { passes: pass, graded: 1 };
          outcomes.set(c.id, {
            caseId: c.id,
            pass,
            passCount: count,
            graders: new Map([['g', pass]]),
            graderCounts: new Map([['g', count]]),
            errors: 0,
          });
        }
        const r = await diagnose(
          { runId: 'r', evalName: 'e', datasetVersion: 'v', cases, outcomes, passRate: diagnosePassRate },
          { logs, ...(strata && { strata }) },
        );
        const p = r.productionPassRate;
        sum += p.value;
        if (p.lower <= truth && truth <= p.upper) covered++;
        // What the report used before: Kish's n_eff with the overall p(1 − p).
        const w = cases.map((c) => {
          const share =
            intents.find(([i]) => i === c.metadata.intent)![1] * languages.find(([l]) => l === c.metadata.language)![1];
          return share / designs[design][String(c.metadata.intent) as keyof (typeof designs)[typeof design]];
        });
        const kish = weightedProportionInterval(
          cases.map((c) => outcomes.get(c.id)!.pass!),
          w,
        );
        if (kish.lower <= truth && truth <= kish.upper) kishCovered++;
      }
      const coverage = covered / seeds;
      console.log(
        `diagnose (${mode}), ${seeds} seeds, truth ${truth.toFixed(4)}: bias ${(sum / seeds - truth).toFixed(4)}, coverage ${(coverage * 100).toFixed(1)}%, Kish ${((kishCovered / seeds) * 100).toFixed(1)}%`,
      );
      expect(Math.abs(sum / seeds - truth)).toBeLessThan(0.01);
      // ±3 binomial standard errors around 95% at 300 seeds.
      expect(coverage).toBeGreaterThanOrEqual(0.91);
      expect(coverage).toBeLessThanOrEqual(0.99);
    }, 120_000);
  }
});

/**
 * The eval pass rate of a run with repeats, through the path `assay diagnose` takes (trials →
 * the one fold → per-case outcomes → the summary's interval). Each seed draws 60 cases whose pass
 * probabilities vary (0.3, 0.5 or 0.7), runs 5 repeats each, and asks whether the interval covers
 * the population's mean pass probability. Before, diagnose used Wilson on the rounded sum of case
 * shares over the number of cases: it ignores that a case's share is a mean of repeats, so it is
 * far too wide here (it covers ~100%, and fails this test); the summary's case-clustered interval
 * is what every other view shows.
 */
describe('diagnose eval pass rate with repeats (calibration)', () => {
  it('covers the mean pass probability at the nominal 95%, as the summary does', async () => {
    const logs = logFile();
    const rng = createRng(11);
    const seeds = 300;
    const repeats = 5;
    const caseCount = 60;
    // Case pass probabilities 0.3, 0.5 or 0.7: cases differ less than repeats of one case do, where
    // counting a case's share as one Bernoulli draw is furthest off.
    const draw = () => [0.3, 0.5, 0.7][Math.floor(rng.next() * 3)];
    const truth = 0.5;
    let covered = 0;
    let oldCovered = 0;
    let width = 0;
    let oldWidth = 0;
    for (let s = 0; s < seeds; s++) {
      const cases: Case[] = [];
      const trials: StoredTrial[] = [];
      for (let k = 0; k < caseCount; k++) {
        const id = `c${String(k).padStart(3, '0')}`;
        const intent = intents[k % 3][0];
        cases.push({ id, input: `eval ${k}`, slice: 'typical', metadata: { intent, language: 'en' }, weight: 1 });
        const p = draw();
        for (let r = 0; r < repeats; r++) {
          const pass = rng.next() < p;
          trials.push({
            runId: 'r',
            caseId: id,
            repeat: r,
            output: { text: 'ok' },
            error: null,
            startedAt: '',
            latencyMs: 1,
            slice: 'typical',
            metadata: { intent, language: 'en' },
            weight: 1,
            scores: [{ grader: 'g', value: pass ? 1 : 0, pass }],
          });
        }
      }
      const outcomes = diagnoseOutcomes(foldTrials(trials));
      const r = await diagnose(
        { runId: 'r', evalName: 'e', datasetVersion: 'v', cases, outcomes, passRate: diagnosePassRate },
        { logs, strata: ['intent'] },
      );
      const e = r.evalPassRate;
      expect(r.graders[0].evalPassRate).toMatchObject({ value: e.value, lower: e.lower, upper: e.upper });
      if (e.lower <= truth && truth <= e.upper) covered++;
      width += e.upper - e.lower;
      const shares = [...outcomes.values()].map((o) => o.pass!);
      const old = wilsonInterval(Math.round(shares.reduce((a, b) => a + b, 0)), shares.length);
      if (old.lower <= truth && truth <= old.upper) oldCovered++;
      oldWidth += old.upper - old.lower;
    }
    const coverage = covered / seeds;
    console.log(
      `diagnose eval pass rate, ${caseCount} cases × ${repeats} repeats, ${seeds} seeds: coverage ${(coverage * 100).toFixed(1)}% ` +
        `(mean width ${(width / seeds).toFixed(3)}); Wilson over cases as before: ${((oldCovered / seeds) * 100).toFixed(1)}% (width ${(oldWidth / seeds).toFixed(3)})`,
    );
    // ±3 binomial standard errors around 95% at 300 seeds.
    expect(coverage).toBeGreaterThanOrEqual(0.91);
    expect(coverage).toBeLessThanOrEqual(0.99);
  }, 120_000);
});
