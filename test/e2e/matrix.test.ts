import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createApp } from '../../src/server/app.js';
import type { MatrixResponse } from '../../src/server/api-types.js';
import { startServer } from '../../src/server/start-server.js';
import { openStore } from '../../src/store/open-store.js';
import { buildWeb, launchChromium, SCREENSHOTS } from '../fixtures/dashboard/browser.js';
import { startFakeJudge } from '../helpers/fake-judges.js';
import { lastUserText, startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.js';
import { runCli } from '../helpers/run-cli.js';

/**
 * 3 prompts × 2 models against a local OpenAI-compatible server whose answers are known:
 * `strong` answers 36 of 40 right, `weak` 20 of 40; the `sloppy` prompt costs every model the
 * cases divisible by 3. So `strong/plain` and `strong/polite` are the best cells.
 */
const CASES = 40;
let dir: string;
let server: FakeServer;
let judge: FakeServer;
let store: string;
let evalFile: string;
let first: { code: number | null; stdout: string; stderr: string };

function answer(model: string, text: string): string {
  const i = Number(/q(\d+)/.exec(text)?.[1] ?? -1);
  const sloppy = text.startsWith('Sloppy');
  const right = (model === 'strong' ? i % 10 !== 0 : i % 2 === 0) && !(sloppy && i % 3 === 0);
  return right ? `The answer is A${i}.` : 'I am not sure.';
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-matrix-'));
  store = join(dir, 'assay.db');
  server = await startFakeOpenAI({
    script: (req) => ({ text: answer(String(req.body?.model), lastUserText(req.body)) }),
  });
  judge = await startFakeJudge({
    behaviour: { kind: 'accurate', sensitivity: 1, specificity: 1, truth: (o) => o.includes('answer is') },
  });
  const cases = Array.from({ length: CASES }, (_, i) =>
    JSON.stringify({
      id: `c${String(i).padStart(2, '0')}`,
      input: `q${i}`,
      expected: `A${i}`,
      metadata: { half: i < 20 ? 'first' : 'second' },
    }),
  );
  writeFileSync(join(dir, 'cases.jsonl'), `${cases.join('\n')}\n`);
  const target = (label: string) => ({
    label,
    type: 'openai',
    baseUrl: server.url,
    model: label,
    temperature: 0,
    retries: 0,
  });
  evalFile = join(dir, 'qa.eval.json');
  writeFileSync(
    evalFile,
    JSON.stringify({
      name: 'qa-matrix',
      dataset: './cases.jsonl',
      targets: [target('weak'), target('strong')],
      prompts: [
        { label: 'plain', prompt: '{{input}}' },
        { label: 'polite', prompt: 'Please answer {{input}}' },
        { label: 'sloppy', prompt: 'Sloppy {{input}}' },
      ],
      graders: [
        { type: 'includes', name: 'answers' },
        {
          type: 'judge.classify',
          name: 'judged',
          prompt: 'Is the answer right?',
          choices: { pass: 1, fail: 0 },
          judge: { provider: 'openai', model: 'strong', baseUrl: judge.url, retries: 0 },
        },
      ],
      matrix: { baseline: 'weak/plain', gates: [{ grader: 'answers', bestBeatsBaseline: { alpha: 0.05 } }] },
    }),
  );
  first = await runCli(['run', evalFile, '--json', '--no-progress', '--store', store], {
    env: { ASSAY_CACHE_DIR: join(dir, 'cache') },
    timeoutMs: 120_000,
  });
}, 180_000);

afterAll(async () => {
  await server.close();
  await judge.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a matrix eval: 3 prompts × 2 models against a local endpoint', () => {
  it('runs every cell on the same cases under one matrix id, compares them N-way and gates the best', () => {
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout);
    expect(out.matrixId).toMatch(/^mx_/);
    expect(out.cells.map((c: { label: string }) => c.label)).toEqual([
      'weak/plain',
      'weak/polite',
      'weak/sloppy',
      'strong/plain',
      'strong/polite',
      'strong/sloppy',
    ]);
    const c = out.comparison;
    expect(Object.keys(c)).toEqual(expect.arrayContaining(['runs', 'omnibus', 'pairs', 'segments', 'ranking']));
    expect(c.runs.find((r: { baseline: boolean }) => r.baseline).label).toBe('weak/plain');
    expect(c.sharedCases).toBe(CASES);
    const omnibus = c.omnibus.find((o: { grader: string }) => o.grader === 'answers');
    expect(omnibus).toMatchObject({ test: 'cochran-q', df: 5, n: CASES, significant: true });
    const answers = c.pairs.filter((p: { grader: string }) => p.grader === 'answers');
    expect(answers).toHaveLength(5);
    expect(c.correction).toBe('holm');
    const strong = answers.find((p: { candidateLabel: string }) => p.candidateLabel === 'strong/plain');
    expect(strong).toMatchObject({ verdict: 'improved' });
    expect(strong.delta.value).toBeCloseTo(16 / 40, 10);
    expect(strong.pAdjusted).toBeGreaterThanOrEqual(strong.pValue);
    const ranking = c.ranking.find((r: { grader: string }) => r.grader === 'answers').entries;
    expect(ranking[0]).toMatchObject({ rank: 1, value: 36 / 40 });
    expect(
      ranking
        .map((e: { label: string }) => e.label)
        .slice(0, 2)
        .sort(),
    ).toEqual(['strong/plain', 'strong/polite']);
    expect(out.gates.passed).toBe(true);
    expect(out.gates.results[0].best.label).toMatch(/^strong\/(plain|polite)$/);
    expect(first.stderr).toMatch(/Matrix gates: passed/);
    expect(first.stderr).toMatch(/Best candidate strong\/(plain|polite)/);
  });

  it('keeps a judge away from the outputs of its own model, naming the pair', () => {
    expect(first.stderr).toContain(
      "Judge 'judged' uses model 'strong', the model under test in cell strong/plain: it does not grade this cell",
    );
    const out = JSON.parse(first.stdout);
    const graders = (label: string) =>
      out.cells.find((c: { label: string }) => c.label === label).summary.graders.map((g: { name: string }) => g.name);
    expect(graders('weak/plain')).toContain('judged');
    expect(graders('strong/plain')).not.toContain('judged');
  });

  it('shares the response cache between cells and runs: --only runs a subset without calling the model again', async () => {
    const before = server.requests.length;
    expect(before).toBe(6 * CASES);
    const r = await runCli(['run', evalFile, '--only', 'weak', '--json', '--no-progress', '--store', store], {
      env: { ASSAY_CACHE_DIR: join(dir, 'cache') },
      timeoutMs: 120_000,
    });
    // No weak cell beats the weak/plain baseline: the matrix gate fails and says so.
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/does not beat the baseline after correction/);
    const out = JSON.parse(r.stdout);
    expect(out.cells.map((c: { label: string }) => c.label)).toEqual(['weak/plain', 'weak/polite', 'weak/sloppy']);
    expect(server.requests.length).toBe(before);
    const unknown = await runCli(['run', evalFile, '--only', 'stong', '--store', store]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--only stong: no cell, target or prompt has that label/);
    expect(unknown.stderr).toMatch(/did you mean 'strong'/i);
  }, 120_000);

  it('compares the matrix again by id with every pair, and a few runs by id; two runs print as before', async () => {
    const matrixId = JSON.parse(first.stdout).matrixId;
    const all = await runCli(['compare', '--matrix', matrixId, '--pairs', 'all', '--json', '--store', store]);
    expect(all.code).toBe(0);
    const m = JSON.parse(all.stdout);
    expect(m.pairsMode).toBe('all');
    expect(m.pairs.filter((p: { grader: string }) => p.grader === 'answers')).toHaveLength(15);
    const ids = JSON.parse(first.stdout).cells.map((c: { runId: string }) => c.runId);
    const three = await runCli(['compare', ids[0], ids[3], ids[5], '--store', store]);
    expect(three.code).toBe(0);
    expect(three.stdout).toMatch(/Holm over each grader's 2 pair tests/);
    expect(three.stdout).toMatch(/omnibus Cochran's Q = /);
    const two = await runCli(['compare', ids[0], ids[3], '--store', store]);
    expect(two.stdout).toContain(`Baseline ${ids[0]}  →  candidate ${ids[3]}`);
    const gate = await runCli(['gate', '--matrix', matrixId, '--json', '--store', store]);
    expect(gate.code).toBe(0);
    expect(JSON.parse(gate.stdout).results[0].best.label).toMatch(/^strong\//);
  }, 120_000);

  it('stores the matrix id with every cell', async () => {
    const db = await openStore({ location: store });
    const matrixId = JSON.parse(first.stdout).matrixId;
    const runs = await db.runs.list({ matrix: matrixId });
    await db.close();
    expect(runs).toHaveLength(6);
    expect(new Set(runs.map((r) => r.eval))).toEqual(new Set(['qa-matrix']));
  });
});

describe('the matrix in the dashboard (Chromium)', () => {
  it('GET /api/matrix/:id lays the cells out by target and prompt, with the comparison', async () => {
    const db = await openStore({ location: store });
    const matrixId = JSON.parse(first.stdout).matrixId;
    const res = await createApp({ store: db }).request(`/api/matrix/${matrixId}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as MatrixResponse;
    expect(body.targets).toEqual(['weak', 'strong']);
    expect(body.prompts).toEqual(['plain', 'polite', 'sloppy']);
    expect(body.comparison?.pairs.filter((p) => p.grader === 'answers')).toHaveLength(5);
    expect(body.comparison?.disagreements.length).toBeGreaterThan(0);
    expect((await createApp({ store: db }).request('/api/matrix/mx_nope')).status).toBe(404);
    await db.close();
  });

  it('shows the grid with intervals and marks, links a cell to its run and a pair to its comparison', async () => {
    const matrixId = JSON.parse(first.stdout).matrixId;
    const db = await openStore({ location: store });
    let browser: Browser | undefined;
    let webRoot: string | undefined;
    const server = await (async () => {
      [browser, webRoot] = await Promise.all([launchChromium(), buildWeb()]);
      return startServer({ store: db, host: '127.0.0.1', port: 0, webRoot });
    })();
    try {
      const page = await (await browser!.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
      await page.goto(`http://127.0.0.1:${server.port}/`);
      await page.locator(`a.matrix-link[href="/matrix/${matrixId}"]`).first().click();
      await page.locator('.matrix-grid td.matrix-cell').first().waitFor();
      expect(await page.locator('.matrix-grid td.matrix-cell').count()).toBe(6);
      const grid = await page.locator('.matrix-grid').innerText();
      expect(grid).toContain('baseline');
      expect(grid).toMatch(/▲ better/);
      expect(grid).toMatch(/90\.0%\s*\[/);
      expect(await page.locator('.matrix-grid td.matrix-cell.good').count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator('.omnibus').innerText()).toMatch(/Cochran's Q = .*the cells differ/);
      expect(await page.locator('.matrix-disagreements tbody tr').count()).toBeGreaterThan(0);
      await page.screenshot({ path: join(SCREENSHOTS, 'matrix.png'), fullPage: true });
      await page.locator('.matrix-pairs a', { hasText: 'improved' }).first().click();
      await page.waitForURL(/\/compare\?baseline=/);
      await page.goBack();
      await page.locator('.matrix-grid td.matrix-cell a', { hasText: 'strong/plain' }).click();
      await page.waitForURL(/\/runs\/run_/);
      expect(page.url()).toContain(JSON.parse(first.stdout).cells[3].runId);
    } finally {
      await browser?.close();
      await server.close();
      await db.close();
      if (webRoot) rmSync(webRoot, { recursive: true, force: true });
    }
  }, 180_000);
});
