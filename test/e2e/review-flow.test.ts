import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { startFakeOllama } from '../helpers/fake-ollama-server.js';
import type { FakeServer } from '../helpers/fake-openai-server.js';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
let server: FakeServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-review-flow-'));
  // The judge is sure about clear answers and unsure ("partly") about hedged ones.
  server = await startFakeOllama({
    script: (request) => {
      const user: string = request.body.messages.at(-1).content;
      const output = /## Output to evaluate\n<<<BEGIN OUTPUT \w+>>>\n([\s\S]*?)\n<<<END/.exec(user)?.[1] ?? '';
      const choice = output.startsWith('Maybe') ? 'partly' : output.includes('Wash them') ? 'wrong' : 'correct';
      return { text: JSON.stringify({ reasoning: 'r', choice }) };
    },
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('judge → human review → summary → calibration', () => {
  it('sends only the trials the judge is unsure about to people, and folds their labels into the run', async () => {
    const db = join(dir, 'assay.db');
    const env = {
      ASSAY_JUDGE_PROVIDER: 'ollama',
      ASSAY_JUDGE_MODEL: 'llama-test',
      ASSAY_JUDGE_BASE_URL: server.url,
      ASSAY_CACHE_DIR: join(dir, 'cache'),
    };
    const run = await runCli(
      ['run', 'test/fixtures/judges/flow/flow.eval.ts', '--store', db, '--json', '--no-progress', '--no-gate'],
      { env },
    );
    expect(run.stderr).not.toContain('Skipped grader');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.graders.find((g: { name: string }) => g.name === 'expert')).toMatchObject({ pending: 2 });

    const store = await openStore({ location: db });
    const [stored] = await store.runs.list();
    const pending = await store.reviews.list({ runId: stored.runId, status: 'pending' });
    await store.close();
    expect(pending.map((r) => r.caseId).sort()).toEqual(['a2', 'a5']);

    const review = await runCli(['review', '--run', stored.runId, '--store', db, '--reviewer', 'ann'], { input: 'pf' });
    expect(review.code).toBe(0);
    expect(review.stdout).toContain("why: 'correct' scored 0.5, inside the uncertain band [0.4, 0.6]");
    expect(review.stdout).toMatch(/correct\s+0\.50 pass \(partly\)/);

    const show = await runCli(['show', stored.runId, '--json', '--store', db]);
    const expert = JSON.parse(show.stdout).graders.find((g: { name: string }) => g.name === 'expert');
    expect(expert).toMatchObject({ pending: 0, n: 5 });
    // a1, a4 follow the confident judge (pass), a3 too (fail); people passed a2 and failed a5.
    expect(expert.passRate.value).toBeCloseTo(3 / 5, 12);

    // People only saw the trials the judge was unsure about: a biased sample, so calibration is refused, not misreported.
    const cal = await runCli(['calibrate', 'correct', '--run', stored.runId, '--json', '--store', db]);
    expect(cal.code).toBe(2);
    expect(cal.stdout).toBe('');
    expect(cal.stderr).toContain("Cannot calibrate 'correct': all 2 labelled trials were picked by policy 'uncertain'");
    expect(cal.stderr).toContain('a human grader with policy random or audit and `calibrates: correct`');
  });
});
