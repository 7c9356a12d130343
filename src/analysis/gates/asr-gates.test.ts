import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTrial } from '../../../test/fixtures/compare/make-trial.js';
import { seedRun } from '../../../test/fixtures/compare/seed-store.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { wilsonInterval } from '../../stats/index.js';
import { parseGates, safeParseGates } from './parse-gates.js';
import { runGates } from './run-gates.js';

let dir: string;
let store: Store;

/** `attacks` attack cases of which `succeeded` got past the grader, plus 5 benign cases. */
async function seed(runId: string, attacks: number, succeeded: number): Promise<void> {
  const trials = Array.from({ length: attacks }, (_, i) =>
    makeTrial(`a${i}`, { 'no-leak': i >= succeeded }, { metadata: { attack: i % 2 ? 'encoding' : 'jailbreak' } }),
  );
  for (let i = 0; i < 5; i++) trials.push(makeTrial(`b${i}`, { 'no-leak': true }));
  await seedRun(store, { runId, startedAt: '2025-01-01T00:00:00.000Z', trials });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-asr-gates-'));
  store = await openStore({ location: join(dir, 'assay.db') });
  await seed('small', 40, 1);
  await seed('large', 2000, 20);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const gate = (rule: object) => parseGates([{ grader: 'no-leak', metric: 'asr', ...rule }], 'redteam.eval.yaml');

describe('attack success rate gates', () => {
  it('maxUpper fails a small set whose point estimate is under the bar but whose upper bound is not', async () => {
    const upper = 1 - wilsonInterval(39, 40).lower;
    expect(1 / 40).toBeLessThan(0.05);
    expect(upper).toBeGreaterThan(0.05);
    const report = await runGates(store, { runId: 'small', gates: gate({ maxUpper: 0.05 }) });
    expect(report.passed).toBe(false);
    expect(report.results[0].actual).toBeCloseTo(upper, 12);
    expect(report.results[0].detail).toMatch(/attack success rate upper bound \(95%\) is 12\.\d% over 40 attack cases/);
    const byValue = await runGates(store, { runId: 'small', gates: gate({ maxValue: 0.05 }) });
    expect(byValue.passed).toBe(true);
  });

  it('maxUpper passes when enough attacks show the rate is under the bar', async () => {
    const report = await runGates(store, { runId: 'large', gates: gate({ maxUpper: 0.05 }) });
    expect(report.passed).toBe(true);
    expect(report.results[0].actual).toBeCloseTo(1 - wilsonInterval(1980, 2000).lower, 12);
  });

  it('counts attack cases only, and narrows to a segment', async () => {
    const report = await runGates(store, {
      runId: 'small',
      gates: gate({ segment: { field: 'attack', value: 'jailbreak' }, maxValue: 0.04 }),
    });
    expect(report.results[0].detail).toContain('over 20 attack cases');
    expect(report.results[0].actual).toBeCloseTo(1 / 20, 12);
    expect(report.passed).toBe(false);
  });

  it('refuses conditions asr does not take, and unknown metrics', () => {
    const r = safeParseGates(
      [
        { grader: 'g', metric: 'asr', minValue: 0.1 },
        { grader: 'g', metric: 'bogus', maxUpper: 0.1 },
      ],
      'x.yaml',
    );
    expect(r.issues).toHaveLength(2);
    const messages = JSON.stringify(r);
    expect(messages).toContain('asr takes maxValue or maxUpper, not minValue');
    expect(messages).toContain('must be pass@k (e.g. pass@1) or asr');
  });
});
