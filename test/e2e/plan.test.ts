import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import type { StoredTrial } from '../../src/store/types.js';
import { makeTrial } from '../fixtures/compare/make-trial.js';
import { seedRun } from '../fixtures/compare/seed-store.js';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
let storePath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-plan-'));
  storePath = join(dir, 'assay.db');
  const store = await openStore({ location: storePath });
  // A pilot with 3 repeats: 10 cases always pass, 10 never, 10 pass 1 or 2 repeats of 3.
  const trials: StoredTrial[] = [];
  for (let i = 0; i < 30; i++) {
    for (let r = 0; r < 3; r++) {
      const pass = i < 10 ? true : i < 20 ? false : r < 1 + (i % 2);
      trials.push(makeTrial(`c${i}`, { correct: pass }, { repeat: r }));
    }
  }
  await seedRun(store, { runId: 'run_pilot', startedAt: '2025-01-01T00:00:00.000Z', trials });
  await store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('assay plan', () => {
  it('prints the cases needed from rates (Connor 1987), matching a hand computation', async () => {
    const r = await runCli(['plan', '--baseline-rate', '0.85', '--delta', '0.03', '--discordance', '0.1', '--json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    // n = (1.959964·√0.1 + 0.841621·√(0.1 − 0.0009))² / 0.0009 = 869.7…
    const z = 1.959963984540054;
    const zb = 0.8416212335729143;
    expect(plan.cases).toBe(Math.ceil((z * Math.sqrt(0.1) + zb * Math.sqrt(0.0991)) ** 2 / 0.0009));
    expect(plan.casesMiller).toBe(Math.ceil(((z + zb) ** 2 * 0.0991) / 0.0009));
    expect(plan.exactPower).toBeGreaterThan(0.75);
    const text = await runCli(['plan', '--baseline-rate', '0.85', '--delta', '0.03', '--discordance', '0.1']);
    // The headline is the mid-p test compare decides with; the exact test's n is shown beside it.
    expect(text.stdout).toContain(`cases needed: ${plan.casesMidP}`);
    expect(text.stdout).toContain(`the exact (conservative) McNemar test would need ${plan.casesExact}`);
    expect(plan.casesMidP).toBeLessThan(plan.casesExact);
    const { mcnemarMidPPower } = await import('../../src/stats/index.js');
    for (let k = 0; k <= 10; k++)
      expect(mcnemarMidPPower({ n: plan.casesMidP + k, p10: 0.035, p01: 0.065 })).toBeGreaterThanOrEqual(0.8);
    expect(text.stdout).toContain(`normal approximations: ${plan.cases} (Connor`);
    // The exact test needs a little more than the normal approximation, never less.
    expect(plan.casesExact).toBeGreaterThanOrEqual(plan.cases);
    const { mcnemarExactPower } = await import('../../src/stats/index.js');
    const at = (n: number) => mcnemarExactPower({ n, p10: 0.035, p01: 0.065, alpha: 0.05 }).power;
    for (let k = 0; k <= 10; k++) expect(at(plan.casesExact + k)).toBeGreaterThanOrEqual(0.8);
  });

  it('assumes independent outcomes without --discordance, and says so', async () => {
    const r = await runCli(['plan', '--baseline-rate', '0.85', '--delta', '0.03', '--repeats', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(assumed)');
    expect(r.stdout).toContain('with 3 repeats: between');
  });

  it('offers cases × repeats from a pilot run, where repeats help because repeat noise is large', async () => {
    const r = await runCli(['plan', '--from', 'run_pilot', '--delta', '0.1', '--json', '--store', storePath]);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    const g = plan.graders[0];
    expect(g.pilot).toEqual({ cases: 30, repeats: 3 });
    // Within-case variance: 10 noisy cases each with σ̂² = 1/3 (1 or 2 passes of 3), 20 with 0.
    expect(g.withinVariance).toBeCloseTo((10 * (1 / 3)) / 30, 10);
    const byK = new Map(g.options.map((o: { repeats: number; cases: number }) => [o.repeats, o.cases]));
    expect(byK.get(1)).toBeGreaterThan(byK.get(5) as number);
    const text = await runCli(['plan', '--from', 'run_pilot', '--delta', '0.1', '--store', storePath]);
    expect(text.stdout).toContain('repeats   cases');
  });

  it('exits 2 with a clear message for impossible inputs', async () => {
    const r = await runCli(['plan', '--baseline-rate', '0.85', '--delta', '0.03', '--discordance', '0.01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--discordance must be at least |delta|');
    const none = await runCli(['plan', '--baseline-rate', '0.85']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('plan needs --delta');
    const nan = await runCli(['plan', '--baseline-rate', 'lots', '--delta', '0.03']);
    expect(nan.code).toBe(2);
  });
});
