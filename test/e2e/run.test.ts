import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { cliArgs, projectRoot, runCli } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-e2e-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (p: string) => join(projectRoot, 'test/fixtures/core', p);
let n = 0;
const freshStore = () => join(dir, `store-${n++}.db`);

describe('assay run', () => {
  it('runs a YAML eval and prints the --json summary with the promised fields', async () => {
    const store = freshStore();
    const r = await runCli(['run', fixture('basic/qa.eval.yaml'), '--json', '--store', store]);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    // 1 of 5 trials errored: above the default --max-error-rate of 5%.
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout);
    expect(Object.keys(s)).toEqual(
      expect.arrayContaining([
        'runId',
        'status',
        'eval',
        'datasetVersion',
        'counts',
        'graders',
        'segments',
        'latencyMs',
        'cost',
      ]),
    );
    expect(s).toMatchObject({ status: 'completed', eval: 'basic-qa', counts: { cases: 5, trials: 5, errors: 1 } });
    const correct = s.graders.find((g: { name: string }) => g.name === 'correct');
    // q1, q2, q4 answer correctly; q3 is wrong; q5 errored and is excluded from the rate.
    expect(correct).toMatchObject({ name: 'correct', n: 4, errors: 1, passRate: { value: 0.75 } });
    expect(correct.passRate.lower).toBeCloseTo(0.3006, 3);
    expect(correct.passRate.upper).toBeCloseTo(0.9544, 3);
    expect(s.segments).toContainEqual(
      expect.objectContaining({
        field: 'slice',
        value: 'edge',
        grader: 'correct',
        n: 2,
        passRate: expect.objectContaining({ value: 0.5 }),
      }),
    );
    expect(s.segments).toContainEqual(
      expect.objectContaining({ field: 'topic', value: 'geo', grader: 'correct', n: 3 }),
    );
    expect(s.latencyMs.p50).toBeGreaterThanOrEqual(0);
    expect(s.cost.usd).toBeCloseTo(0.004, 6);
  });

  it('runs a TypeScript eval with inline graders and prints the table', async () => {
    const store = freshStore();
    const r = await runCli([
      'run',
      fixture('basic/qa.eval.ts'),
      '--store',
      store,
      '--no-progress',
      '--max-error-rate',
      '0.2',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('basic-qa-ts');
    expect(r.stdout).toMatch(/correct\s+75\.0% \[30\.1, 95\.4\]/);
    expect(r.stdout).toMatch(/non-empty/);
  });

  it('applies --repeats, --limit and --filter, and lists runs and trials', async () => {
    const store = freshStore();
    const r = await runCli([
      'run',
      fixture('basic/qa.eval.yaml'),
      '--json',
      '--store',
      store,
      '--repeats',
      '3',
      '--filter',
      'topic=geo',
      '--limit',
      '2',
    ]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.counts).toMatchObject({ cases: 2, trials: 6 });
    expect(s.repeats).toBe(3);
    const runs = JSON.parse((await runCli(['runs', '--json', '--store', store])).stdout);
    expect(runs).toEqual([
      expect.objectContaining({ runId: s.runId, eval: 'basic-qa', status: 'completed', trials: 6, errors: 0 }),
    ]);
    expect(Object.keys(runs[0])).toEqual(
      expect.arrayContaining(['runId', 'eval', 'status', 'startedAt', 'finishedAt', 'trials', 'errors']),
    );
    const failed = await runCli(['show', s.runId, '--cases', '--failed', '--store', store]);
    expect(failed.stdout).toContain('q3');
    expect(failed.stdout).not.toContain('q2');
    const shown = JSON.parse((await runCli(['show', s.runId, '--json', '--store', store])).stdout);
    expect(shown.graders).toEqual(s.graders);
  });

  it('reports every bad dataset row with its line, and refuses to run', async () => {
    const store = freshStore();
    const r = await runCli(['run', fixture('bad-rows/bad.eval.yaml'), '--store', store]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cases\.jsonl:2.*weight/);
    expect(r.stderr).toMatch(/cases\.jsonl:3/);
    expect(r.stderr).toMatch(/cases\.jsonl:4.*(duplicate|already)/i);
    expect(r.stderr).toMatch(/cases\.jsonl:5.*input/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(store)).toBe(true);
    const s = await openStore({ location: store });
    expect(await s.runs.list()).toEqual([]);
    await s.close();
  });

  it('checks gates, reporters and the baseline before calling the target', async () => {
    const store = freshStore();
    const gates = await runCli(['run', fixture('bad-gates/bad-gates.eval.yaml'), '--store', store]);
    expect(gates.code).toBe(2);
    expect(gates.stderr).toContain('bad-gates.eval.yaml: gates[0].minPassRate: must be a share between 0 and 1');
    expect(gates.stderr).toContain('gates[1].noRegresion: unknown key');
    const reporter = await runCli(['run', fixture('basic/qa.eval.yaml'), '--store', store, '--reporter', 'bogus']);
    expect(reporter.code).toBe(2);
    expect(reporter.stderr).toContain("Unknown reporter 'bogus'");
    const baseline = await runCli(['run', fixture('basic/qa.eval.yaml'), '--store', store, '--baseline', 'nope']);
    expect(baseline.code).toBe(2);
    expect(baseline.stderr).toContain("No run or baseline named 'nope'");
    const s = await openStore({ location: store });
    expect(await s.runs.list()).toEqual([]);
    await s.close();
  });

  it('explains a missing eval file and a bad flag without a stack trace', async () => {
    const missing = await runCli(['run', 'nope.eval.yaml', '--store', freshStore()]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No eval file at nope.eval.yaml');
    const bad = await runCli(['run', fixture('basic/qa.eval.yaml'), '--repeats', 'zero']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--repeats must be a positive whole number');
  });

  it('marks a timed-out trial as an error and carries on', async () => {
    const store = freshStore();
    const r = await runCli([
      'run',
      fixture('slow/slow.eval.yaml'),
      '--json',
      '--store',
      store,
      '--limit',
      '6',
      '--max-error-rate',
      '0.2',
    ]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.counts).toMatchObject({ trials: 6, errors: 1 });
    expect(s.graders[0]).toMatchObject({ n: 5, errors: 1, passRate: { value: 1 } });
    const shown = await runCli(['show', s.runId, '--cases', '--failed', '--store', store]);
    expect(shown.stdout).toMatch(/s003[\s\S]*timed out after 1000 ms/);
  });
});

describe('interrupting and resuming', () => {
  function startRun(store: string, log: string, extra: string[] = []) {
    return spawn(
      process.execPath,
      [...cliArgs(), 'run', fixture('slow/slow.eval.yaml'), '--store', store, '--no-progress', ...extra],
      {
        cwd: projectRoot,
        env: { ...process.env, CALL_LOG: log, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  }
  const waitExit = (child: ReturnType<typeof spawn>) =>
    new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const calls = (log: string) => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : []);

  async function stopAfter(signal: NodeJS.Signals, store: string, log: string) {
    const child = startRun(store, log);
    await waitFor('12 target calls', () => calls(log).length >= 12, 60_000);
    child.kill(signal);
    return waitExit(child);
  }

  it('Ctrl-C marks the run interrupted, keeps finished trials, and --resume does not call them again', async () => {
    const store = freshStore();
    const log = join(dir, `calls-${n++}.log`);
    const code = await stopAfter('SIGINT', store, log);
    expect(code).toBe(130);
    const s = await openStore({ location: store });
    const [run] = await s.runs.list();
    expect(run.status).toBe('interrupted');
    const kept = await s.trials.completedKeys(run.runId);
    expect(kept.size).toBeGreaterThan(0);
    expect(kept.size).toBeLessThan(60);
    await s.close();
    const firstCalls = calls(log).length;
    const resumed = await runCli(
      ['run', fixture('slow/slow.eval.yaml'), '--resume', run.runId, '--json', '--store', store],
      { env: { CALL_LOG: log } },
    );
    expect(resumed.code).toBe(0);
    const summary = JSON.parse(resumed.stdout);
    expect(summary).toMatchObject({ runId: run.runId, status: 'completed', counts: { trials: 60 } });
    const secondCalls = calls(log).slice(firstCalls);
    const keptIds = new Set([...kept].map((k) => k.split('\u0000')[0]));
    expect(secondCalls.filter((id) => keptIds.has(id))).toEqual([]);
    expect(new Set([...keptIds, ...secondCalls]).size).toBe(60);
  });

  it('kill -9 loses at most the trials in flight and the last write batch', async () => {
    const store = freshStore();
    const log = join(dir, `calls-${n++}.log`);
    await stopAfter('SIGKILL', store, log);
    const s = await openStore({ location: store });
    const [run] = await s.runs.list();
    expect(run.status).toBe('running');
    const stored = (await s.trials.completedKeys(run.runId)).size;
    const started = calls(log).length;
    // In flight: up to 4 (concurrency); unflushed: what finished in the last 50 ms flush window,
    // bounded generously here because a loaded machine delays timers (run-hardening.test.ts is exact).
    expect(started - stored).toBeLessThanOrEqual(4 + 24);
    await s.close();
    const resumed = await runCli([
      'run',
      fixture('slow/slow.eval.yaml'),
      '--resume',
      run.runId,
      '--json',
      '--store',
      store,
    ]);
    expect(JSON.parse(resumed.stdout).counts.trials).toBe(60);
  });
});
