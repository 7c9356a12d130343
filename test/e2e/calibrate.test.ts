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
let mixDb: string;
let disDb: string;

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
  // The same run, plus a 'tone' reviewer who labels the same 40 trials for another judge, always the opposite way.
  mixDb = join(dir, 'mix.db');
  const mix = await openStore({ location: mixDb });
  await seedCalibrationRun(mix);
  for (const t of (await mix.trials.list('run_cal')).slice(0, 40)) {
    const tone = {
      grader: 'tone',
      value: Number.NaN,
      pending: true,
      meta: { review: { selected: true, policy: 'all', judges: ['tone-judge'] } },
    };
    await mix.trials.write([{ ...t, scores: [...t.scores, tone] }]);
    const expert = (await mix.reviews.list({ runId: 'run_cal', caseId: t.caseId }))[0];
    const label = expert.label === 'pass' ? 'fail' : 'pass';
    await mix.reviews.upsert({
      runId: 'run_cal',
      caseId: t.caseId,
      repeat: 0,
      grader: 'tone',
      status: 'done',
      reviewer: 'tim',
      label,
      score: label === 'pass' ? 1 : 0,
    });
  }
  await mix.close();
  disDb = join(dir, 'disagree.db');
  const dis = await openStore({ location: disDb });
  await seedCalibrationRun(dis, 'run_cal', 40, 'disagree');
  await dis.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('assay calibrate', () => {
  it('prints the promised JSON fields with hand-computed numbers', async () => {
    const r = await runCli(['calibrate', 'faithful', '--run', 'run_cal', '--json', '--store', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(Object.keys(c)).toEqual(
      expect.arrayContaining([
        'grader',
        'n',
        'accuracy',
        'kappa',
        'confusion',
        'sensitivity',
        'specificity',
        'judgePassRate',
        'correctedPassRate',
      ]),
    );
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
    // The labelled trials are among the judged ones, so the covariance term comes off (rogan-gladen.ts).
    const rgSe = Math.sqrt(
      ((0.55 * 0.45) / 100 + (0.25 * 0.09) / 20 + (0.25 * 0.16) / 20 - (2 * (0.5 * 0.09 + 0.5 * 0.16)) / 100) / 0.49,
    );
    expect(c.correctedPassRate.value).toBeCloseTo(0.5, 12);
    expect(c.correctedPassRate.lower).toBeCloseTo(0.5 - Z * rgSe, 9);
    expect(c.correctedPassRate.upper).toBeCloseTo(0.5 + Z * rgSe, 9);
    expect(c.conclusive).toBe(true);
  });

  it('prints a headline a team can report, and the confusion matrix', async () => {
    const r = await runCli(['calibrate', 'faithful', '--store', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Calibration of 'faithful' against human labels (40 trials with both)");
    expect(r.stdout).toContain('The judge says 55%, corrected 50% [34.4%, 65.6%] (over 100 judged trials).');
    expect(r.stdout).toMatch(/people pass\s+18\s+2/);
    expect(r.stdout).toMatch(/people fail\s+4\s+16/);
  });

  it('says when there are too few human labels to conclude', async () => {
    const r = await runCli(['calibrate', 'faithful', '--run', 'run_cal', '--store', fewDb]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Not conclusive: Too few human labels to conclude: 12 labelled trials compared, at least 30 are needed.',
    );
    expect(r.stdout).toContain('No trial that people failed');
    const json = JSON.parse(
      (await runCli(['calibrate', 'faithful', '--run', 'run_cal', '--json', '--store', fewDb])).stdout,
    );
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
    const runs = JSON.parse((await runCli(['runs', '--json', '--store', db])).stdout) as {
      runId: string;
      status: string;
    }[];
    const latest = runs.find((r) => r.status === 'completed')!.runId;
    expect(latest).toBe('run_cal');
    const byName = await runCli(['calibrate', 'faithful', '--run', 'latest', '--json', '--store', db]);
    const byId = await runCli(['calibrate', 'faithful', '--run', latest, '--json', '--store', db]);
    expect(byName.stderr).toBe(byId.stderr);
    expect(byName.code).toBe(byId.code);
    expect(byName.stdout).toBe(byId.stdout);
  });

  it("uses only the labels for the named grader: another reviewer's labels for another judge are left out and counted", async () => {
    const r = await runCli(['calibrate', 'faithful', '--json', '--store', mixDb]);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c).toMatchObject({
      n: 40,
      confusion: { truePositive: 18, falsePositive: 4, falseNegative: 2, trueNegative: 16 },
      krippendorffAlpha: null,
    });
    expect(c.selection).toEqual({ used: { random: 40 }, leftOut: {}, weighted: false });
    expect(c.warnings).toContain("40 labels of 'tone' left out: they check other graders, not 'faithful'.");
    const forced = JSON.parse(
      (await runCli(['calibrate', 'faithful', '--labels', 'tone', '--json', '--store', mixDb])).stdout,
    );
    expect(forced.confusion).toEqual({ truePositive: 4, falsePositive: 18, falseNegative: 16, trueNegative: 2 });
  });

  it("refuses labels picked by the judge's own verdicts (policy disagree) instead of calling the judge no better than chance", async () => {
    const r = await runCli(['calibrate', 'faithful', '--store', disDb]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Cannot calibrate 'faithful': all 40 labelled trials were picked by policy 'disagree'");
    expect(r.stderr).toContain('policy random or audit and `calibrates: faithful`');
  });
});
