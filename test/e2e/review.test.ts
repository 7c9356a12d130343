import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { seedReviewRun } from '../fixtures/judges/seed-review-store.js';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
let db: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-review-'));
  db = join(dir, 'assay.db');
  const store = await openStore({ location: db });
  await seedReviewRun(store);
  await store.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function reviews() {
  const store = await openStore({ location: db });
  try {
    return { reviews: await store.reviews.list({ runId: 'run_rev' }), run: await store.runs.get('run_rev') };
  } finally {
    await store.close();
  }
}

describe('assay review (terminal queue)', () => {
  it('shows each task and records pass, fail with a comment, and a score, driven by keystrokes', async () => {
    const r = await runCli(['review', '--run', 'run_rev', '--store', db, '--reviewer', 'ann', '--no-blind'], {
      input: 'pcdose is vague\nfn0.5\n',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[1/3] run run_rev · case dose-adult · grader expert');
    expect(r.stdout).toContain('How much paracetamol can an adult take in a day?');
    expect(r.stdout).toContain('At most 4 g in 24 hours.');
    expect(r.stdout).toContain('An adult may take up to 4 g per day.');
    expect(r.stdout).toMatch(/faithful\s+0\.50 fail\s+1 of 2 claims unsupported/);
    expect(r.stdout).toContain('why: every trial is reviewed');
    expect(r.stdout).toContain('[3/3]');
    expect(r.stdout).toContain('Reviewed 3, skipped 0; 0 pending tasks left.');
    const { reviews: rows, run } = await reviews();
    const byCase = Object.fromEntries(rows.map((x) => [x.caseId, x]));
    expect(byCase['dose-adult']).toMatchObject({
      status: 'done',
      reviewer: 'ann',
      label: 'pass',
      score: 1,
      comment: null,
    });
    expect(byCase['fever-child']).toMatchObject({ status: 'done', label: 'fail', score: 0, comment: 'dose is vague' });
    expect(byCase['ibuprofen-food']).toMatchObject({ status: 'done', label: null, score: 0.5 });
    const summary = run?.summary as { graders: { name: string; pending: number; n: number }[] } | null;
    expect(summary?.graders.find((g) => g.name === 'expert')).toMatchObject({ pending: 0 });
  });

  it("hides the judges' verdicts on a blind sample (the default for policy all, random and audit)", async () => {
    const r = await runCli(['review', '--run', 'run_rev', '--store', db, '--reviewer', 'ann'], { input: 'q' });
    expect(r.stdout).toContain("(hidden: blind review, so the judges' verdicts cannot sway yours)");
    expect(r.stdout).not.toContain('claims unsupported');
    expect(r.stdout).not.toMatch(/faithful\s+\d/);
  });

  it('skips and quits part-way, saving what was decided and leaving the rest pending', async () => {
    const r = await runCli(['review', '--store', db, '--reviewer', 'bo'], { input: 'xsfq' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('unknown key "x"');
    expect(r.stdout).toContain('skipped (stays pending)');
    expect(r.stdout).toContain('Reviewed 1, skipped 1; 2 pending tasks left.');
    const { reviews: rows } = await reviews();
    expect(
      rows
        .filter((x) => x.status === 'pending')
        .map((x) => x.caseId)
        .sort(),
    ).toEqual(['dose-adult', 'ibuprofen-food']);
    const again = await runCli(['review', '--store', db, '--reviewer', 'bo'], { input: '' });
    expect(again.stdout).toContain('[1/2] run run_rev · case dose-adult');
  });

  it('rejects a score outside [0, 1] without saving it', async () => {
    const r = await runCli(['review', '--store', db, '--reviewer', 'ann'], { input: 'n7\nq' });
    expect(r.stdout).toContain("'7' is not a score between 0 and 1; nothing saved.");
    expect((await reviews()).reviews.every((x) => x.status === 'pending')).toBe(true);
  });

  it('says so when nothing is pending, and names an unknown run', async () => {
    const empty = await runCli(['review', '--run', 'run_rev', '--store', db, '--reviewer', 'a'], { input: 'ppp' });
    expect(empty.code).toBe(0);
    const none = await runCli(['review', '--run', 'run_rev', '--store', db, '--reviewer', 'a'], { input: '' });
    expect(none.stdout).toBe('No pending review tasks in run run_rev.\n');
    const missing = await runCli(['review', '--run', 'run_nope', '--store', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("No run or baseline named 'run_nope'");
  });
});

describe('assay review export / import', () => {
  it('accepts latest for --run', async () => {
    const runs = JSON.parse((await runCli(['runs', '--json', '--store', db])).stdout) as {
      runId: string;
      status: string;
    }[];
    const latest = runs.find((r) => r.status === 'completed')!.runId;
    const [byName, byId] = [join(dir, 'latest.jsonl'), join(dir, 'by-id.jsonl')];
    const r = await runCli(['review', 'export', '--run', 'latest', '--out', byName, '--store', db]);
    expect(r.code).toBe(0);
    await runCli(['review', 'export', '--run', latest, '--out', byId, '--store', db]);
    expect(readFileSync(byName, 'utf8')).toBe(readFileSync(byId, 'utf8'));
  });

  it('exports pending tasks as JSONL that imports back once filled in', async () => {
    const out = join(dir, 'tasks.jsonl');
    const blind = await runCli(['review', 'export', '--run', 'run_rev', '--out', out, '--store', db]);
    expect(blind.stdout).toBe(`Wrote 3 pending tasks to ${out}.\n`);
    const blindLines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(blindLines.every((l) => l.blind === true && l.otherScores.length === 0)).toBe(true);
    const r = await runCli(['review', 'export', '--run', 'run_rev', '--out', out, '--no-blind', '--store', db]);
    expect(r.stdout).toBe(`Wrote 3 pending tasks to ${out}.\n`);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      runId: 'run_rev',
      caseId: 'dose-adult',
      repeat: 0,
      grader: 'expert',
      labels: ['pass', 'fail'],
      input: 'How much paracetamol can an adult take in a day?',
      expected: 'At most 4 g in 24 hours.',
      output: 'An adult may take up to 4 g per day.',
      context: ['FAQ passage 1'],
      otherScores: [{ grader: 'faithful', value: 1, pass: true }],
      label: null,
      score: null,
      reviewer: null,
    });
    lines[0] = { ...lines[0], label: 'PASS', reviewer: 'vendor-1' };
    lines[1] = { ...lines[1], score: 0.25, reviewer: 'vendor-2', comment: 'misses the 3-month rule' };
    writeFileSync(out, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const imported = await runCli(['review', 'import', out, '--store', db, '--json']);
    expect(imported.stderr).toBe('');
    expect(JSON.parse(imported.stdout)).toEqual({
      rows: 3,
      created: 2,
      updated: 0,
      unchanged: 0,
      notLabelled: 1,
      runIds: ['run_rev'],
      calibration: 0,
      conflicts: [],
    });
    const again = await runCli(['review', 'import', out, '--store', db, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const rows = Object.fromEntries((await reviews()).reviews.map((x) => [x.caseId, x]));
    expect(rows['dose-adult']).toMatchObject({ status: 'done', label: 'pass', score: 1, reviewer: 'vendor-1' });
    expect(rows['fever-child']).toMatchObject({
      status: 'done',
      label: null,
      score: 0.25,
      comment: 'misses the 3-month rule',
    });
    expect(rows['ibuprofen-food'].status).toBe('pending');
  });

  it('imports CSV labels, with repeat left out', async () => {
    const r = await runCli(['review', 'import', 'test/fixtures/judges/labels.csv', '--store', db]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Imported test/fixtures/judges/labels.csv: 3 new, 0 updated, 0 unchanged.\n');
    const again = await runCli(['review', 'import', 'test/fixtures/judges/labels.csv', '--store', db]);
    expect(again.stdout).toBe('Imported test/fixtures/judges/labels.csv: 0 new, 0 updated, 3 unchanged.\n');
  });

  it('validates every row with its line number and imports nothing when any row is bad', async () => {
    const r = await runCli(['review', 'import', 'test/fixtures/judges/bad-labels.jsonl', '--store', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "Error: 6 rows of test/fixtures/judges/bad-labels.jsonl are invalid; nothing was imported.
        test/fixtures/judges/bad-labels.jsonl:2: runId: unknown run 'run_nope' (see \`assay runs\`)
        test/fixtures/judges/bad-labels.jsonl:3: caseId: run 'run_rev' has no case 'no-such-case'
        test/fixtures/judges/bad-labels.jsonl:4: label: 'maybe' is not one of pass, fail
        test/fixtures/judges/bad-labels.jsonl:5: reviewer: is required (who labelled the trial)
        test/fixtures/judges/bad-labels.jsonl:5: score: must be a number between 0 and 1, got 3
        test/fixtures/judges/bad-labels.jsonl:6: repeat: case 'dose-adult' has no repeat 2 in run 'run_rev' (repeats: 0)
        test/fixtures/judges/bad-labels.jsonl:7: not valid JSON (Unexpected token 'o', "not json" is not valid JSON)
      Hint: Fix the rows listed above and import the file again (importing is idempotent).
      "
    `);
    expect((await reviews()).reviews.every((x) => x.status === 'pending')).toBe(true);
  });
});

describe('reviews are checked, and every reviewer is kept', () => {
  const labelsFile = (rows: object[]) => {
    const file = join(dir, `labels-${Math.random().toString(36).slice(2)}.jsonl`);
    writeFileSync(file, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    return file;
  };
  const row = (extra: object) => ({ runId: 'run_rev', caseId: 'dose-adult', repeat: 0, grader: 'expert', ...extra });

  it('refuses a label the grader does not have, and a label whose score says otherwise', async () => {
    const r = await runCli([
      'review',
      'import',
      labelsFile([row({ label: 'banana', reviewer: 'ann' }), row({ label: 'pass', score: 0, reviewer: 'bob' })]),
      '--store',
      db,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("label: 'banana' is not one of pass, fail");
    expect(r.stderr).toContain("label: label 'pass' stands for score 1, but score 0 was given");
    expect((await reviews()).reviews.every((x) => x.status === 'pending')).toBe(true);
  });

  it("keeps both reviewers' conflicting labels and says how the trial counts", async () => {
    const r = await runCli([
      'review',
      'import',
      labelsFile([row({ label: 'pass', reviewer: 'ann' }), row({ label: 'fail', reviewer: 'bob' })]),
      '--store',
      db,
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('2 new');
    expect(r.stdout).toContain(
      "2 reviewers disagree (ann=pass, bob=fail): an even split counts as the lowest of the tied labels, 'fail'",
    );
    const store = await openStore({ location: db });
    const labels = await store.reviews.listLabels({ runId: 'run_rev', caseId: 'dose-adult' });
    const task = (await store.reviews.list({ runId: 'run_rev', caseId: 'dose-adult' }))[0];
    await store.close();
    expect(labels.map((l) => [l.reviewer, l.label])).toEqual([
      ['ann', 'pass'],
      ['bob', 'fail'],
    ]);
    expect(task).toMatchObject({ status: 'done', label: 'fail', score: 0, reviewer: null });
    const third = await runCli([
      'review',
      'import',
      labelsFile([row({ label: 'pass', reviewer: 'cy' })]),
      '--store',
      db,
    ]);
    expect(third.stdout).toContain(
      "3 reviewers disagree (ann=pass, bob=fail, cy=pass): the majority label 'pass' counts",
    );
  });

  it('uses a label imported for a judge score for calibration, and says so instead of "1 new" then nothing', async () => {
    const r = await runCli([
      'review',
      'import',
      labelsFile([row({ grader: 'faithful', label: 'fail', reviewer: 'ann' })]),
      '--store',
      db,
    ]);
    expect(r.stdout).toContain('1 new');
    expect(r.stdout).toContain(
      '1 label is for judge or rule scores: they leave those scores as they are and are used by `assay calibrate <grader>`.',
    );
  });

  it('p and f in the queue never save "pass" on a rubric', async () => {
    const store = await openStore({ location: db });
    const trial = (await store.trials.list('run_rev', { caseId: 'dose-adult' }))[0];
    const rubric = {
      grader: 'stars',
      value: Number.NaN,
      pending: true,
      meta: { review: { selected: true, policy: 'all', why: 'w', labels: ['5', '4', '3', '2', '1'] } },
    };
    await store.trials.write([{ ...trial, runId: 'run_rev', scores: [...trial.scores, rubric] }]);
    await store.reviews.upsert({
      runId: 'run_rev',
      caseId: 'dose-adult',
      repeat: 0,
      grader: 'stars',
      status: 'pending',
    });
    await store.close();
    const r = await runCli(['review', '--grader', 'stars', '--store', db, '--reviewer', 'ann'], { input: 'p2' });
    expect(r.stdout).toContain("'p' means pass, which is not a label here; press 1–5 (5, 4, 3, 2, 1).");
    expect(r.stdout).toContain('saved: 4');
    const saved = (await reviews()).reviews.find((x) => x.grader === 'stars');
    expect(saved).toMatchObject({ status: 'done', label: '4', score: 0.75 });
  });
});
