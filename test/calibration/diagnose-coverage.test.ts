import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/core/types.js';
import type { CaseOutcome } from '../../src/datasets/diagnose/diagnose-report.js';
import { diagnose } from '../../src/datasets/diagnose/diagnose-run.js';
import { createRng, weightedProportionInterval } from '../../src/stats/index.js';

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
          outcomes.set(c.id, { caseId: c.id, pass, graders: new Map([['g', pass]]), errors: 0 });
        }
        const r = await diagnose(
          { runId: 'r', evalName: 'e', datasetVersion: 'v', cases, outcomes },
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
