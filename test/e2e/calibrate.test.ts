import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { seedCalibrationRun, seedReviewRun } from '../fixtures/judges/seed-review-store.js';
import { runCli } from '../helpers/run-cli.js';

const Z = 1.959963984540054;
let dir: string;
let db: string;
let fewDb: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-calibrate-'));
  db = join(dir, 'assay.db');
  fewDb = join(dir, 'few.db');
  const store = await openStore({ location: db });
  await seedCalibrationRun(store);
  await store.close();
  const few = await openStore({ location: fewDb });
  await seedCalibrationRun(few, 'run_cal', 12);
  await seedReviewRun(few);
  await few.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('assay calibrate', () => {
  it('prints the promised JSON fields with hand-computed numbers', async () => {
    const r = await runCli(['calibrate', 'faithful', '--run', 'run_cal', '--json', '--store', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(Object.keys(c)).toEqual(expect.arrayContaining(['grader', 'n', 'accuracy', 'kappa', 'confusion', 'sensitivity', 'specificity', 'judgePassRate', 'correctedPassRate']));
    expect(c.grader).toBe('faithful');
    expect(c.n).toBe(40);
    expect(c.accuracy).toBeCloseTo(0.85, 12);
    // κ = (.85 − .5)/(1 − .5); SE by Fleiss–Cohen–Everitt, worked out in compute-calibration.test.ts
    const se = Math.sqrt((0.41564125 + 0.01308375 - 0.3025) / 10);
    expect(c.kappa.value).toBeCloseTo(0.7, 12);
    expect(c.kappa.lower).toBeCloseTo(0.7 - Z * se, 9);
    expect(c.kappa.upper).toBeCloseTo(0.7 + Z * se, 9);
    expect(c.confusion).toEqual({ truePositive: 18, falsePositive: 4, falseNegative: 2, trueNegative: 16 });
    expect(c.sensitivity).toBeCloseTo(0.9, 12);
    expect(c.specificity).toBeCloseTo(0.8, 12);
    expect(c.judgePassRate).toBeCloseTo(0.55, 12);
    const rgSe = Math.sqrt((0.55 * 0.45 / 100 + 0.25 * 0.09 / 20 + 0.25 * 0.16 / 20) / 0.49);
    expect(c.correctedPassRate.value).toBeCloseTo(0.5, 12);
    expect(c.correctedPassRate.lower).toBeCloseTo(0.5 - Z * rgSe, 9);
    expect(c.correctedPassRate.upper).toBeCloseTo(0.5 + Z * rgSe, 9);
    expect(c.conclusive).toBe(true);
  });

  it('prints a headline a team can report, and the confusion matrix', async () => {
    const r = await runCli(['calibrate', 'faithful', '--store', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Calibration of 'faithful' against human labels (40 trials with both)");
    expect(r.stdout).toContain('The judge says 55%, corrected 50% [29%, 71%] (over 100 judged trials).');
    expect(r.stdout).toMatch(/people pass\s+18\s+2/);
    expect(r.stdout).toMatch(/people fail\s+4\s+16/);
  });

  it('says when there are too few human labels to conclude', async () => {
    const r = await runCli(['calibrate', 'faithful', '--run', 'run_cal', '--store', fewDb]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Not conclusive: Too few human labels to conclude: 12 labelled trials compared, at least 30 are needed.');
    expect(r.stdout).toContain('No trial that people failed');
    const json = JSON.parse((await runCli(['calibrate', 'faithful', '--run', 'run_cal', '--json', '--store', fewDb])).stdout);
    expect(json.conclusive).toBe(false);
    expect(json.correctedPassRate).toEqual({ value: null, lower: null, upper: null });
  });

  it('names an unknown grader or run', async () => {
    const g = await runCli(['calibrate', 'nope', '--run', 'run_cal', '--store', db]);
    expect(g.code).toBe(2);
    expect(g.stderr).toContain("No trial scored by grader 'nope' in run run_cal.");
    const r = await runCli(['calibrate', 'faithful', '--run', 'run_x', '--store', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("No run or baseline named 'run_x'");
  });

  it('accepts latest for --run, like every command that takes a run', async () => {
    const store = await openStore({ location: db });
    await store.runs.update('run_cal', { status: 'completed' });
    await store.close();
    const runs = JSON.parse((await runCli(['runs', '--json', '--store', db])).stdout) as { runId: string; status: string }[];
    const latest = runs.find((r) => r.status === 'completed')!.runId;
    expect(latest).toBe('run_cal');
    const byName = await runCli(['calibrate', 'faithful', '--run', 'latest', '--json', '--store', db]);
    const byId = await runCli(['calibrate', 'faithful', '--run', latest, '--json', '--store', db]);
    expect(byName.stderr).toBe(byId.stderr);
    expect(byName.code).toBe(byId.code);
    expect(byName.stdout).toBe(byId.stdout);
  });
});
