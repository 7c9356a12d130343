import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { openStore } from '../../src/store/open-store.js';
import { draw, startFakeJudge } from '../helpers/fake-judges.js';
import type { FakeServer } from '../helpers/fake-openai-server.js';
import { runCli } from '../helpers/run-cli.js';

// Ten cases: the mock target echoes the input, so the judge sees GOOD on c0–c5 and BAD on c6–c9.
const CASES = Array.from({ length: 10 }, (_, i) => ({
  id: `c${i}`,
  input: `answer ${i} is ${i < 6 ? 'GOOD' : 'BAD'}`,
  expected: 'reference answer',
}));
const servers: FakeServer[] = [];
let dir: string;
let n = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'assay-controlled-judges-'));
  writeFileSync(join(dir, 'cases.jsonl'), `${CASES.map((c) => JSON.stringify(c)).join('\n')}\n`);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function judgeAt(behaviour: Parameters<typeof startFakeJudge>[0]['behaviour']): Promise<FakeServer> {
  const server = await startFakeJudge({ behaviour });
  servers.push(server);
  return server;
}

/** Writes an eval over the ten cases with these graders and runs it; returns the summary and the store path. */
async function runEval(graders: unknown[], extra: Record<string, unknown> = {}) {
  const file = join(dir, `e${n}.eval.yaml`);
  const store = join(dir, `s${n++}.db`);
  writeFileSync(
    file,
    stringify({
      name: 'controlled',
      dataset: './cases.jsonl',
      target: { type: 'mock' },
      graders,
      concurrency: 4,
      ...extra,
    }),
  );
  const r = await runCli(['run', file, '--json', '--no-progress', '--no-gate', '--store', store], {
    env: { ASSAY_CACHE_DIR: join(dir, 'cache') },
  });
  return { r, summary: r.stdout.trim().startsWith('{') ? JSON.parse(r.stdout) : undefined, store };
}

const classify = (server: FakeServer, extra: Record<string, unknown> = {}) => ({
  type: 'judge.classify',
  name: 'verdict',
  prompt: 'Is the answer right?',
  choices: { pass: 1, fail: 0 },
  judge: { provider: 'openai', model: 'judge-x', baseUrl: server.url, cache: false, retries: 0, ...extra },
});

describe('runs graded by controlled local judges', () => {
  it('a judge that quotes an injected verdict beside its own: conflicting replies are errors with the raw reply kept', async () => {
    const judge = await judgeAt({
      kind: 'quotes-json',
      injected: 'pass',
      then: { kind: 'accurate', sensitivity: 1, specificity: 1 },
    });
    const { r, summary, store } = await runEval([classify(judge)]);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    const verdict = summary.graders.find((g: { name: string }) => g.name === 'verdict');
    // c0–c5: the quoted "pass" agrees with the verdict; c6–c9: "pass" quoted, "fail" given → error, never pass.
    expect(verdict).toMatchObject({ n: 6, errors: 4, passRate: { value: 1 } });
    const db = await openStore({ location: store });
    const trial = (await db.trials.list(summary.runId, { caseId: 'c7' }))[0];
    await db.close();
    const score = trial.scores[0];
    expect(score.error).toContain('it names conflicting verdicts ("pass" and "fail")');
    expect(score.meta?.raw).toContain('smuggle {"choice":"pass"}');
    expect(score.meta?.judge).toMatchObject({ calls: 1, model: 'judge-x' });
  });

  it("a hanging judge is bounded by the eval's timeoutMs: an error score, not a trial held for minutes", async () => {
    const judge = await judgeAt({ kind: 'hangs', delayMs: 120_000 });
    const started = Date.now();
    const { summary } = await runEval([classify(judge)], { timeoutMs: 400 });
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(summary.graders[0]).toMatchObject({ n: 0, errors: 10 });
    const db = await openStore({ location: join(dir, `s${n - 1}.db`) });
    const trial = (await db.trials.list(summary.runId, { caseId: 'c0' }))[0];
    await db.close();
    expect(trial.scores[0].error).toContain("Judge 'verdict' did not answer within 400 ms (the eval's timeoutMs)");
  });

  it('an unknown judge price stays unknown, and a cost gate does not pass over it', async () => {
    const judge = await judgeAt({ kind: 'accurate', sensitivity: 1, specificity: 1 });
    const unknown = await runEval([classify(judge)], { gates: [{ maxCostUsd: 1 }] });
    expect(unknown.summary.cost).toMatchObject({ unknownJudgeCalls: 10, complete: false });
    expect(unknown.summary.warnings.join('\n')).toContain('10 judge call(s) have an unknown price');
    const gate = await runCli(['gate', unknown.summary.runId, '--store', unknown.store]);
    expect(gate.code).not.toBe(0);
    expect(gate.stdout + gate.stderr).toMatch(/unknown/);
    // 100 input and 20 output tokens per call at $1 / $2 per million.
    const priced = await runEval([classify(judge, { pricing: { inputPerMillion: 1, outputPerMillion: 2 } })]);
    expect(priced.summary.cost.judgeUsd).toBeCloseTo((10 * (100 * 1 + 20 * 2)) / 1e6, 12);
    expect(priced.summary.cost).toMatchObject({ unknownJudgeCalls: 0, complete: true });
  });

  it("a hybrid grader's judge calls count toward the run's cost", async () => {
    const judge = await judgeAt({ kind: 'accurate', sensitivity: 1, specificity: 1 });
    const hybrid = {
      type: 'hybrid',
      name: 'answer',
      rule: { type: 'includes', value: 'never-there' },
      human: false,
      judge: classify(judge, { pricing: { inputPerMillion: 1, outputPerMillion: 2 } }),
    };
    const { summary } = await runEval([hybrid]);
    expect(judge.requests).toHaveLength(10);
    expect(summary.graders[0]).toMatchObject({ n: 10, passRate: { value: 0.6 } });
    expect(summary.cost.judgeUsd).toBeCloseTo((10 * 140) / 1e6, 12);
  });

  it('an always-first or always-tie pairwise judge is flagged unreliable in the summary, with its position consistency', async () => {
    for (const [choice, reason] of [
      ['A', 'position consistency 0.0% is below 60.0%'],
      ['tie', 'the judge called 100.0% of pairs a tie'],
    ]) {
      const judge = await judgeAt({ kind: 'always', choice });
      const spec = {
        type: 'judge.pairwise',
        name: 'pref',
        judge: { provider: 'openai', model: 'j', baseUrl: judge.url, cache: false },
      };
      const { summary, store } = await runEval([spec]);
      expect(summary.pairwise).toEqual([expect.objectContaining({ grader: 'pref', cases: 10, reliable: false })]);
      expect(summary.warnings.join('\n')).toContain(`pref: unreliable pairwise judge (${reason}`);
      const text = await runCli(['show', summary.runId, '--store', store]);
      expect(text.stdout).toMatch(
        /pairwise pref: position consistency \d+\.\d% \[[\d.]+%, [\d.]+%\] · ties [\d.]+% over 10 cases · UNRELIABLE/,
      );
    }
  });

  it('a pairwise judge that refuses one order keeps both raw replies and the calls with the error score', async () => {
    const judge = await judgeAt({ kind: 'refuses', share: 0.5, then: { kind: 'always', choice: 'B' } });
    const spec = {
      type: 'judge.pairwise',
      name: 'pref',
      judge: { provider: 'openai', model: 'j', baseUrl: judge.url, cache: false, retries: 0 },
    };
    const { summary, store } = await runEval([spec]);
    const db = await openStore({ location: store });
    const scores = (await db.trials.list(summary.runId)).map((t) => t.scores[0]);
    await db.close();
    const failed = scores.filter((s) => s.error !== undefined);
    expect(failed.length).toBeGreaterThan(0);
    expect(summary.graders[0].errors).toBe(failed.length);
    for (const s of failed) {
      expect(s.meta?.raw).toHaveLength(2);
      expect(s.meta?.judge).toMatchObject({ calls: 2 });
    }
    const oneReadable = failed.find((s) => (s.meta?.raw as string[]).some((r) => r.includes('"choice":"B"')));
    expect(oneReadable?.error).toContain('the judge refused');
  });

  it('a judge right with known sensitivity and specificity is measured by calibrate on a random sample of people', async () => {
    const judge = await judgeAt({ kind: 'accurate', sensitivity: 0.9, specificity: 0.7, seed: 'cal' });
    const many = Array.from({ length: 60 }, (_, i) => ({
      id: `k${i}`,
      input: `reply ${i} is ${i % 5 < 3 ? 'GOOD' : 'BAD'}`,
    }));
    writeFileSync(join(dir, 'many.jsonl'), `${many.map((c) => JSON.stringify(c)).join('\n')}\n`);
    const human = { type: 'human', name: 'expert', policy: 'random', share: 0.6, seed: 'h', calibrates: 'verdict' };
    const { summary, store } = await runEval([classify(judge), human], { dataset: './many.jsonl' });
    const db = await openStore({ location: store });
    const pending = await db.reviews.list({ runId: summary.runId, status: 'pending' });
    await db.close();
    expect(pending.length).toBeGreaterThan(25);
    // People label the truth; the judge's verdicts on the same outputs follow from its seeded draws.
    const truth = new Map(many.map((c) => [c.id, c.input.includes('GOOD')]));
    const file = join(dir, 'truth.jsonl');
    writeFileSync(
      file,
      `${pending.map((p) => JSON.stringify({ ...p, label: truth.get(p.caseId) ? 'pass' : 'fail', reviewer: 'ann' })).join('\n')}\n`,
    );
    const imported = await runCli(['review', 'import', file, '--store', store]);
    expect(imported.stdout).toContain(`${pending.length} new`);
    const saysPass = (id: string): boolean => {
      const output = many.find((c) => c.id === id)?.input ?? '';
      const u = draw('cal', output);
      return truth.get(id) ? u < 0.9 : u >= 0.7;
    };
    const count = (good: boolean, pass: boolean): number =>
      pending.filter((p) => truth.get(p.caseId) === good && saysPass(p.caseId) === pass).length;
    const [tp, fn, fp, tn] = [count(true, true), count(true, false), count(false, true), count(false, false)];
    const c = JSON.parse((await runCli(['calibrate', 'verdict', '--json', '--store', store])).stdout);
    expect(c.confusion).toEqual({ truePositive: tp, falsePositive: fp, falseNegative: fn, trueNegative: tn });
    expect(c.sensitivity).toBeCloseTo(tp / (tp + fn), 12);
    expect(c.specificity).toBeCloseTo(tn / (tn + fp), 12);
    expect(c.selection).toEqual({ used: { random: pending.length }, leftOut: {}, weighted: false });
    // The true pass rate (0.6) lies inside the corrected interval.
    expect(c.correctedPassRate.lower).toBeLessThan(0.6);
    expect(c.correctedPassRate.upper).toBeGreaterThan(0.6);
  });
});
