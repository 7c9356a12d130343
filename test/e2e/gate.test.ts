import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { makeTrial } from '../fixtures/compare/make-trial.js';
import { seedRun, seedSupportRuns } from '../fixtures/compare/seed-store.js';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
let storePath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-gate-'));
  storePath = join(dir, 'assay.db');
  const store = await openStore({ location: storePath });
  await seedSupportRuns(store);
  await seedRun(store, {
    runId: 'run_cheap',
    eval: 'cost-bot',
    startedAt: '2025-01-03T00:00:00.000Z',
    gates: [{ grader: 'correct', minPassRateLower: 0.2 }, { maxCostUsd: 1 }, { maxErrorRate: 0.5 }],
    trials: Array.from({ length: 20 }, (_, i) => makeTrial(`c${i}`, { correct: i % 2 === 0 }, { costUsd: 0.01 })),
  });
  await seedRun(store, {
    runId: 'run_typo',
    eval: 'typo-bot',
    startedAt: '2025-01-04T00:00:00.000Z',
    gates: [{ grader: 'corect', minPassRate: 0.9 }],
    trials: [makeTrial('a', { correct: true }), makeTrial('b', { correct: true })],
  });
  await seedRun(store, {
    runId: 'run_badgates',
    eval: 'bad-bot',
    startedAt: '2025-01-05T00:00:00.000Z',
    gates: [{ grader: 'correct', minPassRate: 90 }],
    trials: [makeTrial('a', { correct: true })],
  });
  await seedRun(store, {
    runId: 'run_down',
    eval: 'down-bot',
    startedAt: '2025-01-06T00:00:00.000Z',
    gates: [{ grader: 'correct', minPassRate: 0.5 }],
    trials: Array.from({ length: 4 }, (_, i) => makeTrial(`c${i}`, { correct: true }, { error: 'connection refused' })),
  });
  await store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('assay gate', () => {
  it('exits 1 when a segment regresses against the baseline, naming the failing rule', async () => {
    const r = await runCli(['gate', 'run_v2', '--baseline', 'run_v1', '--store', storePath]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Gates: failed');
    expect(r.stdout).toMatch(/✗ correct \[language=de\] no significant regression/);
    expect(r.stdout).toMatch(/✓ correct pass rate ≥ 0\.5/);
  });

  it('reports the results as JSON with rule, grader, segment, passed, detail, actual and threshold', async () => {
    const r = await runCli(['gate', 'run_v2', '--baseline', 'run_v1', '--json', '--store', storePath]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.passed).toBe(false);
    const de = report.results[1];
    expect(de).toMatchObject({
      rule: 'noRegression',
      grader: 'correct',
      segment: { field: 'language', value: 'de' },
      passed: false,
      threshold: 0.05,
      sidedness: 'one-sided',
      test: 'mcnemar-midp',
    });
    // One-sided mid-p of 0 candidate-only against 7 baseline-only passes: ½·2⁻⁷.
    expect(de.actual).toBeCloseTo(0.5 / 128, 12);
    expect(typeof de.detail).toBe('string');
  });

  it('writes CI reports for the gate run, and checks reporter names before anything else', async () => {
    const junit = join(dir, 'gate.xml');
    const markdown = join(dir, 'gate.md');
    const r = await runCli([
      'gate',
      'run_v2',
      '--baseline',
      'run_v1',
      '--reporter',
      'junit',
      '--out',
      junit,
      '--reporter',
      'markdown',
      '--out',
      markdown,
      '--store',
      storePath,
    ]);
    expect(r.code).toBe(1);
    expect(readFileSync(junit, 'utf8')).toContain('<testsuite name="gates"');
    expect(readFileSync(markdown, 'utf8')).toContain('gates failed');
    const bad = await runCli(['gate', 'run_v2', '--reporter', 'pdf', '--store', storePath]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Unknown reporter 'pdf'");
  });

  it('exits 0 when every rule passes', async () => {
    const r = await runCli(['gate', 'run_v1', '--baseline', 'run_v2', '--store', storePath]);
    // v1 against v2: German improves, so no regression; v1's pass rate 54% ≥ 50%.
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Gates: passed');
    const cheap = await runCli(['gate', 'run_cheap', '--store', storePath]);
    expect(cheap.code).toBe(0);
    expect(cheap.stdout).toMatch(/cost is \$0\.2000 \(limit \$1\)/);
  });

  it('exits 1 (a missed bar, not an input error) when every trial of the run errored', async () => {
    const r = await runCli(['gate', 'run_down', '--store', storePath]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('no usable scores: all 4 trial(s) of run run_down errored');
  });

  it('exits 2 when a comparison rule has no baseline, a grader is unknown, or the gates are invalid', async () => {
    const noBase = await runCli(['gate', 'run_v2', '--store', storePath]);
    expect(noBase.code).toBe(2);
    expect(noBase.stderr).toContain('compares against a baseline, but none was given');
    expect(noBase.stderr).toContain('Hint: Pass --baseline');
    const typo = await runCli(['gate', 'run_typo', '--store', storePath]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("grader 'corect' has no scores");
    expect(typo.stderr).toContain('Graders in this run: correct');
    const bad = await runCli(['gate', 'run_badgates', '--store', storePath]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('evals/support.eval.yaml: gates[0].minPassRate: must be a share between 0 and 1');
    const missing = await runCli(['gate', 'run_nope', '--store', storePath]);
    expect(missing.code).toBe(2);
  });
});

describe('assay baseline', () => {
  it('names a run, lists names, and resolves the name in gate and compare', async () => {
    const set = await runCli(['baseline', 'set', 'main', 'run_v1', '--store', storePath]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain("Baseline 'main' → run_v1");
    const list = await runCli(['baseline', 'list', '--json', '--store', storePath]);
    expect(JSON.parse(list.stdout)).toMatchObject([{ name: 'main', runId: 'run_v1' }]);
    const gate = await runCli(['gate', 'run_v2', '--baseline', 'main', '--json', '--store', storePath]);
    expect(gate.code).toBe(1);
    expect(JSON.parse(gate.stdout).baselineRunId).toBe('run_v1');
    const bad = await runCli(['baseline', 'set', 'latest', 'run_v1', '--store', storePath]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'latest' cannot be a baseline name");
  });
});
