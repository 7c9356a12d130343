import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { makeTrial } from '../fixtures/compare/make-trial.js';
import { seedRun } from '../fixtures/compare/seed-store.js';
import { startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.js';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
let storePath: string;
let judge: FakeServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-pairwise-'));
  storePath = join(dir, 'assay.db');
  const store = await openStore({ location: storePath });
  const ids = Array.from({ length: 10 }, (_, i) => `c${i}`);
  await seedRun(store, {
    runId: 'run_old',
    startedAt: '2025-01-01T00:00:00.000Z',
    trials: ids.map((id) => ({ ...makeTrial(id, { correct: true }), output: { text: `old reply for ${id}` } })),
  });
  const graderSpecs = [
    { type: 'judge.pairwise', name: 'preference', criteria: 'Prefer the reply that answers the question.' },
    { type: 'judge.rubric', name: 'tone', scale: 5 },
  ];
  await seedRun(store, {
    runId: 'run_new',
    startedAt: '2025-01-02T00:00:00.000Z',
    graderSpecs,
    trials: ids.map((id) => ({ ...makeTrial(id, { correct: true }), output: { text: `NEW reply for ${id};` } })),
  });
  await store.close();
  // The judge prefers the NEW reply wherever it is shown, except on c8 and c9, where it always
  // picks the first response shown (position bias): those pairs disagree across orders.
  judge = await startFakeOpenAI({
    script: (request) => {
      const text = (request.body.messages as { content: string }[]).map((m) => m.content).join('\n');
      const newAt = text.indexOf('NEW reply');
      const oldAt = text.indexOf('old reply');
      const biased = /reply for c[89]\b/.test(text);
      const choice = biased ? 'A' : newAt < oldAt ? 'A' : 'B';
      return { text: JSON.stringify({ reasoning: 'compared both', choice }) };
    },
  });
});

afterAll(async () => {
  await judge.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('assay compare --pairwise', () => {
  it('takes the named grader from the eval, and refuses one that is not a pairwise judge', async () => {
    const env = { ASSAY_JUDGE_BASE_URL: judge.url, ASSAY_JUDGE_MODEL: 'judge-1', ASSAY_JUDGE_PROVIDER: 'openai' };
    const rubric = await runCli(['compare', 'run_old', 'run_new', '--pairwise', 'tone', '--store', storePath], { env });
    expect(rubric.code).toBe(2);
    expect(rubric.stderr).toContain("Grader 'tone' is judge.rubric; --pairwise needs a grader of type judge.pairwise.");
    const unknown = await runCli(['compare', 'run_old', 'run_new', '--pairwise', 'nope', '--store', storePath], {
      env,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("The runs have no grader named 'nope'.");
    expect(unknown.stderr).toContain('(preference)');
    const before = judge.requests.length;
    const r = await runCli(
      ['compare', 'run_old', 'run_new', '--pairwise', 'preference', '--json', '--store', storePath],
      { env },
    );
    expect(r.code).toBe(0);
    const prompts = judge.requests.slice(before).map((q) => JSON.stringify(q.body.messages));
    expect(prompts.some((p) => p.includes('Prefer the reply that answers the question.'))).toBe(true);
  });

  it('judges both orders, counts wins, ties and position consistency, beside the paired comparison', async () => {
    const env = { ASSAY_JUDGE_BASE_URL: judge.url, ASSAY_JUDGE_MODEL: 'judge-1', ASSAY_JUDGE_PROVIDER: 'openai' };
    const r = await runCli(
      ['compare', 'run_old', 'run_new', '--pairwise', 'preference', '--json', '--store', storePath],
      { env },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.graders[0].name).toBe('correct');
    expect(out.pairwise).toMatchObject({
      pairs: 10,
      candidateWins: 8,
      baselineWins: 0,
      ties: 2,
      verdict: 'candidate-better',
    });
    expect(out.pairwise.positionConsistency.value).toBeCloseTo(0.8, 12);
    // Sign test of 8 wins, 0 losses: 2·(1/2)^8.
    expect(out.pairwise.pValue).toBeCloseTo(2 / 256, 12);
    expect(judge.requests).toHaveLength(20);
    const text = await runCli(['compare', 'run_old', 'run_new', '--pairwise', 'preference', '--store', storePath], {
      env,
    });
    expect(text.stdout).toContain(
      "Pairwise judge 'preference' on 10 pairs of 10 cases (both orders): candidate-better",
    );
    expect(text.stdout).toContain('position consistency 80.0%');
  });
});

describe('assay compare --pairwise with repeats and controlled judges', () => {
  let rdir: string;
  let rstore: string;
  const servers: FakeServer[] = [];
  const ids = Array.from({ length: 10 }, (_, i) => `c${i}`);
  // c0–c6: the NEW reply is better; c7: the old one; c8, c9: a tie. The same outputs on every repeat.
  const prefers = (text: string): 'A' | 'B' | 'tie' => {
    const a = /<<<BEGIN RESPONSE_A \w+>>>\n([\s\S]*?)\n<<<END/.exec(text)?.[1] ?? '';
    const id = /reply for (c\d)/.exec(a)?.[1] ?? '';
    if (id === 'c8' || id === 'c9') return 'tie';
    const newBetter = id !== 'c7';
    return a.startsWith('NEW') === newBetter ? 'A' : 'B';
  };

  async function seedPair(store: Awaited<ReturnType<typeof openStore>>, suffix: string, repeats: number, spec: object) {
    const trials = (label: string, runId: string) =>
      ids.flatMap((id) =>
        Array.from({ length: repeats }, (_, repeat) => ({
          ...makeTrial(id, { correct: true }, { repeat, runId }),
          output: { text: `${label} reply for ${id}` },
        })),
      );
    await seedRun(store, {
      runId: `old_${suffix}`,
      startedAt: '2025-02-01T00:00:00.000Z',
      trials: trials('old', `old_${suffix}`),
    });
    await seedRun(store, {
      runId: `new_${suffix}`,
      startedAt: '2025-02-02T00:00:00.000Z',
      graderSpecs: [spec],
      trials: trials('NEW', `new_${suffix}`),
    });
  }

  beforeAll(async () => {
    rdir = mkdtempSync(join(tmpdir(), 'assay-pairwise-repeats-'));
    rstore = join(rdir, 'assay.db');
    const fair = await startFakeOpenAI({
      script: (request) => ({
        text: JSON.stringify({ reasoning: 'r', choice: prefers(request.body.messages.at(-1).content) }),
        usage: { input: 100, output: 20 },
      }),
    });
    const first = await startFakeOpenAI({ script: { text: JSON.stringify({ reasoning: 'r', choice: 'A' }) } });
    servers.push(fair, first);
    const judge = (url: string, priced: boolean) => ({
      provider: 'openai',
      model: 'judge-y',
      baseUrl: url,
      cache: false,
      ...(priced && { pricing: { inputPerMillion: 1, outputPerMillion: 2 } }),
    });
    const store = await openStore({ location: rstore });
    await seedPair(store, 'r1', 1, { type: 'judge.pairwise', name: 'pref', judge: judge(fair.url, true) });
    await seedPair(store, 'r3', 3, { type: 'judge.pairwise', name: 'pref', judge: judge(fair.url, true) });
    await seedPair(store, 'biased', 1, { type: 'judge.pairwise', name: 'pref', judge: judge(first.url, false) });
    await store.close();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(rdir, { recursive: true, force: true });
  });

  const compare = async (suffix: string, json = true) => {
    const r = await runCli([
      'compare',
      `old_${suffix}`,
      `new_${suffix}`,
      '--pairwise',
      'pref',
      ...(json ? ['--json'] : []),
      '--store',
      rstore,
    ]);
    expect(r.stderr).toBe('');
    return json ? JSON.parse(r.stdout).pairwise : r.stdout;
  };

  it('takes the case as the unit: the same verdicts three times over leave the test unchanged', async () => {
    const once = await compare('r1');
    const thrice = await compare('r3');
    // Sign test of 7 case wins against 1 case loss: 2·(C(8,7) + C(8,8))/2^8 = 18/256.
    for (const p of [once, thrice]) {
      expect(p).toMatchObject({
        casesCompared: 10,
        candidateWins: 7,
        baselineWins: 1,
        ties: 2,
        reliable: true,
        verdict: 'no-detectable-difference',
      });
      expect(p.pValue).toBeCloseTo(18 / 256, 12);
      expect(p.positionConsistency.value).toBe(1);
    }
    expect(once.pairs).toBe(10);
    expect(thrice.pairs).toBe(30);
    expect(thrice.positionConsistency.lower).toBeCloseTo(once.positionConsistency.lower, 12);
  });

  it('reports what the judge cost, and unknown when its price is unknown', async () => {
    const p = await compare('r3');
    expect(p.cost.calls).toBe(60);
    expect(p.cost.usd).toBeCloseTo((60 * (100 * 1 + 20 * 2)) / 1e6, 12);
    const biased = await compare('biased');
    expect(biased.cost).toEqual({ usd: null, calls: 20, unknownCalls: 20 });
    expect(await compare('r3', false)).toContain('judge cost $0.0084 over 60 calls');
  });

  it('marks an always-first judge unreliable instead of reporting "no detectable difference"', async () => {
    const p = await compare('biased');
    expect(p).toMatchObject({ reliable: false, ties: 10, candidateWins: 0, baselineWins: 0 });
    expect(p.positionConsistency.value).toBe(0);
    const text = await compare('biased', false);
    expect(text).toContain(
      "Pairwise judge 'pref' on 10 pairs of 10 cases (both orders): UNRELIABLE (the sign test alone says no-detectable-difference)",
    );
    expect(text).toContain("! Pairwise judge 'pref' is unreliable here: position consistency 0.0% is below 60.0%");
    expect(text).toContain('judge cost unknown (20 of 20 calls have no known price)');
  });
});
