import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { cliArgs, projectRoot, runCli } from '../helpers/run-cli.js';
import { waitFor as waitForCondition } from '../helpers/wait-for.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-e2e-hardening-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (p: string) => join(projectRoot, 'test/fixtures/hardening', p);
let n = 0;
const fresh = (what: string) => join(dir, `${what}-${n++}`);

/** `assay run …` as a real process, stdout and stderr collected. */
function startRun(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [...cliArgs(), 'run', ...args], {
    cwd: projectRoot,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, out, exit };
}

/** The shared poller, with room for a loaded machine. */
const waitFor = (what: string, check: () => boolean | Promise<boolean>, limitMs = 60_000) =>
  waitForCondition(what, check, limitMs);

async function withStore<T>(path: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ location: path, mustExist: true });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const storedTrials = (path: string) =>
  existsSync(path)
    ? withStore(path, async (s) => (await s.runs.list())[0]?.trials ?? 0).catch(() => 0)
    : Promise.resolve(0);
const lines = (log: string, kind: string) =>
  existsSync(log)
    ? readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith(`${kind} `))
        .map((l) => l.slice(kind.length + 1))
    : [];
const exitOf = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.on('close', () => resolve())));

describe('stopping a run', () => {
  it('SIGINT stops a run of an instant target promptly, after announcing its 500,000 planned trials', async () => {
    const store = fresh('store.db');
    const run = startRun([fixture('fast.eval.yaml'), '--store', store, '--no-progress']);
    await waitFor('trials in the store', async () => (await storedTrials(store)) > 2_000);
    const signalled = performance.now();
    run.child.kill('SIGINT');
    const code = await run.exit;
    const stoppedMs = performance.now() - signalled;
    expect(run.out.stderr).toContain('Planned: 500,000 trials (5 cases × 100,000 repeats).');
    expect(code).toBe(130);
    const stored = await withStore(store, async (s) => (await s.runs.list())[0]);
    expect(stored.status).toBe('interrupted');
    expect(stored.trials).toBeLessThan(500_000);
    // Printed for the record; the bound is loose because the machine running the tests is shared.
    console.log(`SIGINT to exit: ${stoppedMs.toFixed(0)} ms, ${stored.trials} trials stored`);
    expect(stoppedMs).toBeLessThan(10_000);
  });

  it('estimates the cost of a large run from the last run of the same eval', async () => {
    const store = fresh('store.db');
    const small = await runCli(['run', fixture('priced.eval.yaml'), '--store', store, '--json']);
    expect(small.code).toBe(0);
    const previous = JSON.parse(small.stdout).runId;
    const big = startRun([fixture('priced.eval.yaml'), '--store', store, '--no-progress', '--repeats', '60000']);
    await waitFor('the planned size', () => big.out.stderr.includes('Planned:'));
    big.child.kill('SIGINT');
    await big.exit;
    expect(big.out.stderr).toContain(
      `Planned: 120,000 trials (2 cases × 60,000 repeats), about $240.00 at the cost per trial of run ${previous}.`,
    );
  });

  it('refuses absurd repeats and concurrency before doing anything', async () => {
    const store = fresh('store.db');
    const r = await runCli(['run', fixture('huge.eval.yaml'), '--store', store]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('repeats: must be at most 100,000, got 1,000,000,000');
    expect(r.stderr).toContain('concurrency: must be at most 1,000, got 100,000');
    const flag = await runCli(['run', fixture('fast.eval.yaml'), '--store', store, '--repeats', '200000']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--repeats must be at most 100,000');
    expect(r.stderr + flag.stderr).not.toMatch(/^\s+at /m);
  });

  it('kill -9 loses only the trials in flight; the run shows as stale with its --resume command', async () => {
    const store = fresh('store.db');
    const log = fresh('calls.log');
    const run = startRun([fixture('logged.eval.yaml'), '--store', store, '--no-progress'], {
      CALL_LOG: log,
      BOT_HANG: '1',
    });
    // c00–c04 answer at once; c05–c14 then hang in flight (concurrency 10).
    await waitFor(
      '5 finished trials and 10 in flight',
      () => lines(log, 'done').length === 5 && lines(log, 'start').length === 15,
    );
    await waitFor('the finished trials in the store', async () => (await storedTrials(store)) === 5, 5_000);
    run.child.kill('SIGKILL');
    await exitOf(run.child);
    const runs = await runCli(['runs', '--store', store]);
    expect(runs.code).toBe(0);
    const runId = await withStore(store, async (s) => (await s.runs.list())[0].runId);
    expect(runs.stdout).toMatch(new RegExp(`${runId}\\s+logged\\s+stale`));
    expect(runs.stdout).toContain(`--resume ${runId}`);
    const json = JSON.parse((await runCli(['runs', '--json', '--store', store])).stdout);
    expect(json[0]).toMatchObject({ runId, status: 'running', stale: true });
    // `show` says the same as `runs`: stale, with the command that continues it.
    const shown = await runCli(['show', runId, '--store', store]);
    expect(shown.stdout.split('\n')[0]).toMatch(new RegExp(`run ${runId}\\s+stale$`));
    expect(shown.stdout).toContain(`is stale (its process is gone); continue it with: assay run `);
    expect(shown.stdout).toContain(`--resume ${runId}`);
    const shownJson = JSON.parse((await runCli(['show', runId, '--json', '--store', store])).stdout);
    expect(shownJson).toMatchObject({ runId, status: 'running', stale: true });
    const before = lines(log, 'start').length;
    const resumed = await runCli(['run', fixture('logged.eval.yaml'), '--store', store, '--resume', runId, '--json'], {
      env: { CALL_LOG: log },
    });
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: 'completed', counts: { trials: 30 } });
    const again = lines(log, 'start').slice(before);
    // Exactly the 25 not stored: the 10 that were in flight and the 15 never started.
    expect(again.sort()).toEqual(Array.from({ length: 25 }, (_, i) => `c${String(i + 5).padStart(2, '0')}`));
  });
});

describe('concurrent runs on one store', () => {
  it('four runs started together on a new store all complete (one dataset row, no UNIQUE error)', async () => {
    const store = fresh('store.db');
    const runs = Array.from({ length: 4 }, () =>
      startRun([fixture('logged.eval.yaml'), '--store', store, '--no-progress', '--json']),
    );
    const codes = await Promise.all(runs.map((r) => r.exit));
    for (const r of runs) expect(r.out.stderr).not.toMatch(/UNIQUE|Unexpected error/);
    expect(codes).toEqual([0, 0, 0, 0]);
    const listed = await withStore(store, (s) => s.runs.list());
    expect(listed.map((r) => r.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
  });

  it('a second --resume of a run that is being resumed refuses', async () => {
    const store = fresh('store.db');
    const log = fresh('calls.log');
    const first = startRun([fixture('logged.eval.yaml'), '--store', store, '--no-progress'], {
      CALL_LOG: log,
      BOT_HANG: '1',
    });
    await waitFor('trials in flight', () => lines(log, 'start').length === 15);
    first.child.kill('SIGINT');
    expect(await first.exit).toBe(130);
    const runId = await withStore(store, async (s) => (await s.runs.list())[0].runId);
    const resume = ['--store', store, '--no-progress', '--resume', runId];
    const holder = startRun([fixture('logged.eval.yaml'), ...resume], { CALL_LOG: log, BOT_HANG: '1' });
    await waitFor('the resumed run in flight', () => lines(log, 'start').length === 25);
    const second = await runCli(['run', fixture('logged.eval.yaml'), ...resume], { env: { CALL_LOG: log } });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`Cannot resume ${runId}: it is being run elsewhere`);
    expect(lines(log, 'start')).toHaveLength(25);
    holder.child.kill('SIGINT');
    expect(await holder.exit).toBe(130);
  });
});

describe('errored runs', () => {
  it('a run where every trial errored is failed and exits 1', async () => {
    const store = fresh('store.db');
    const r = await runCli(['run', fixture('no-binary.eval.yaml'), '--store', store, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'failed', counts: { trials: 2, errors: 2 } });
    expect(r.stderr).toContain('2 of 2 trials (100.0%) got a target error: above --max-error-rate 0.05');
  });

  it('exits 1 above --max-error-rate (default 5%) and 0 at or below it', async () => {
    const store = fresh('store.db');
    const basic = join(projectRoot, 'test/fixtures/core/basic/qa.eval.yaml');
    const over = await runCli(['run', basic, '--store', store, '--no-progress']);
    expect(over.code).toBe(1);
    expect(over.stdout).toContain('completed');
    expect(over.stderr).toContain('1 of 5 trials (20.0%) got a target error: above --max-error-rate 0.05 (5.0%).');
    const allowed = await runCli(['run', basic, '--store', store, '--no-progress', '--max-error-rate', '0.2']);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain('1 of 5 trials (20.0%) got a target error.');
    const bad = await runCli(['run', basic, '--store', store, '--max-error-rate', '5%']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-error-rate must be a share between 0 and 1');
  });

  it('a gate naming an unknown grader is refused before the first call', async () => {
    const store = fresh('store.db');
    const log = fresh('calls.log');
    const r = await runCli(['run', fixture('bad-gate-grader.eval.yaml'), '--store', store], { env: { CALL_LOG: log } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("grader 'echoez' is not one of this eval's graders");
    expect(r.stderr).toContain('Graders of this eval: echoes');
    expect(lines(log, 'start')).toEqual([]);
  });
});
