import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { startCountingEndpoint, type CountingEndpoint } from '../helpers/counting-endpoint.js';
import { dropSchemas, postgresTestUrl, uniqueSchema, withSchema } from '../helpers/postgres.js';
import { runCli, startCli, type StartedCli } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';

const url = await postgresTestUrl('queued runs with real worker processes');
const dir = mkdtempSync(join(tmpdir(), 'assay-e2e-queue-'));
const schemas: string[] = [];
const started: StartedCli[] = [];
const endpoints: CountingEndpoint[] = [];
afterAll(async () => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await Promise.all(started.map((p) => p.exited));
  await Promise.all(endpoints.map((e) => e.close()));
  rmSync(dir, { recursive: true, force: true });
  if (url) await dropSchemas(url, schemas);
});

const CASES = 40;
const REPEATS = 5;

/** An eval over CASES cases against the endpoint; returns the eval path. */
function writeEval(name: string, endpointUrl: string, options: { extra?: string; repeats?: number } = {}): string {
  const cases = Array.from({ length: CASES }, (_, i) =>
    JSON.stringify({ id: `c${String(i).padStart(2, '0')}`, input: `q${i}`, expected: 'answer' }),
  );
  writeFileSync(join(dir, `${name}.jsonl`), `${cases.join('\n')}\n`);
  const file = join(dir, `${name}.eval.yaml`);
  writeFileSync(
    file,
    [
      `name: ${name}`,
      `dataset: ./${name}.jsonl`,
      'target:',
      '  type: http',
      `  url: ${endpointUrl}`,
      '  body: { "id": "{{id}}", "q": "{{input}}" }',
      '  outputPath: text',
      '  retries: 5',
      options.extra ?? '',
      'graders:',
      '  - type: includes',
      '    name: answered',
      `repeats: ${options.repeats ?? REPEATS}`,
      'timeoutMs: 10000',
    ]
      .filter((l) => l !== '')
      .join('\n'),
  );
  return file;
}

function freshStoreUrl(): string {
  const schema = uniqueSchema('assay_queue_e2e');
  schemas.push(schema);
  return withSchema(url!, schema);
}

function worker(store: string, concurrency = 2): StartedCli {
  const p = startCli(['worker', '--store', store, '--concurrency', String(concurrency)]);
  started.push(p);
  return p;
}

async function onlyRun(store: Store) {
  const runs = await store.runs.list();
  return runs.length === 1 ? runs[0] : undefined;
}

/** Every (case, repeat) of the run stored exactly once, none errored. */
async function expectEveryTrialOnce(store: Store, runId: string): Promise<void> {
  const trials = await store.trials.list(runId);
  const keys = trials.map((t) => `${t.caseId}/${t.repeat}`);
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys).toHaveLength(CASES * REPEATS);
  expect(trials.filter((t) => t.error !== null)).toEqual([]);
}

describe.skipIf(!url)('assay run --queue with assay worker processes', () => {
  it('stores every trial exactly once when a worker is killed with SIGKILL mid-run', async () => {
    const endpoint = await startCountingEndpoint({ delayMs: 100 });
    endpoints.push(endpoint);
    const storeUrl = freshStoreUrl();
    const file = writeEval('killed-worker', endpoint.url);
    const coordinator = startCli([
      'run',
      file,
      '--store',
      storeUrl,
      '--queue',
      '--lease',
      '2',
      '--json',
      '--no-progress',
    ]);
    started.push(coordinator);
    const doomed = worker(storeUrl);
    const survivor = worker(storeUrl);
    const store = await openStore({ location: storeUrl });
    try {
      await waitFor('the first 30 trials', async () => ((await onlyRun(store))?.trials ?? 0) >= 30);
      doomed.child.kill('SIGKILL');
      expect(await doomed.exited).toBe('SIGKILL');
      const code = await coordinator.exited;
      expect(coordinator.output().stderr).not.toMatch(/at .*\.ts:\d+/);
      expect(code).toBe(0);
      const summary = JSON.parse(coordinator.output().stdout);
      expect(summary).toMatchObject({ status: 'completed', counts: { trials: CASES * REPEATS, errors: 0 } });
      await expectEveryTrialOnce(store, summary.runId);
      // Every call was answered; those the killed worker held were made again by the survivor.
      expect(endpoint.total()).toBeGreaterThanOrEqual(CASES * REPEATS);
      // A worker serves run after run: a finished run is let go (its eval, cases and target).
      await waitFor('the worker to leave the finished run', () =>
        survivor.output().stderr.includes(`Left run ${summary.runId}: it is no longer running`),
      );
      survivor.child.kill('SIGINT');
      expect(await survivor.exited).toBe(130);
      expect(survivor.output().stderr).toMatch(/Worker \d+ stopped: \d+ trials stored/);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('continues a run whose coordinator was killed: --resume enqueues only what is missing', async () => {
    const endpoint = await startCountingEndpoint({ delayMs: 100 });
    endpoints.push(endpoint);
    const storeUrl = freshStoreUrl();
    const file = writeEval('killed-coordinator', endpoint.url);
    const coordinator = startCli(['run', file, '--store', storeUrl, '--queue', '--no-progress']);
    started.push(coordinator);
    const w = worker(storeUrl, 4);
    const store = await openStore({ location: storeUrl });
    try {
      await waitFor('the first 20 trials', async () => ((await onlyRun(store))?.trials ?? 0) >= 20);
      coordinator.child.kill('SIGKILL');
      await coordinator.exited;
      const queued = (await onlyRun(store))!;
      expect(queued.status).toBe('running');
      // The queue outlives its coordinator: workers go on with it.
      await waitFor(
        'the worker to store 40 trials',
        async () => ((await store.runs.get(queued.runId))?.trials ?? 0) >= 40,
      );
      const resumed = await runCli(['run', file, '--store', storeUrl, '--queue', '--resume', queued.runId, '--json'], {
        timeoutMs: 90_000,
      });
      expect(resumed.stderr).toMatch(/already stored, resuming/);
      expect(resumed.code).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ runId: queued.runId, status: 'completed' });
      await expectEveryTrialOnce(store, queued.runId);
      // Only trials the worker held when the queue was rebuilt can be called twice: 4 in flight, 4 fetched
      // ahead, and those finished but not yet flushed (one 200 ms write window, at most ~8 at 40 trials/s).
      expect(endpoint.total()).toBeLessThanOrEqual(CASES * REPEATS + 20);
      w.child.kill('SIGINT');
      expect(await w.exited).toBe(130);
    } finally {
      await store.close();
    }
  }, 120_000);

  it("holds a target's rateLimit across 3 workers together, and Retry-After pauses them all", async () => {
    const endpoint = await startCountingEndpoint({ delayMs: 20, retryAfter: { seconds: 2, times: 1 } });
    endpoints.push(endpoint);
    const storeUrl = freshStoreUrl();
    // 600 requests per minute: one every 100 ms for all workers together (each alone would allow 30/s in total).
    const file = writeEval('shared-rate', endpoint.url, { extra: '  rateLimit: 600', repeats: 1 });
    const workers = [worker(storeUrl, 5), worker(storeUrl, 5), worker(storeUrl, 5)];
    await waitFor('3 workers to start', () => workers.every((w) => /taking queued trials/.test(w.output().stderr)));
    const r = await runCli(['run', file, '--store', storeUrl, '--queue', '--json'], { timeoutMs: 90_000 });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'completed', counts: { trials: CASES, errors: 0 } });
    for (const w of workers) w.child.kill('SIGINT');
    const stored = await Promise.all(
      workers.map(async (w) => {
        await w.exited;
        return Number(/stopped: (\d+) trials stored/.exec(w.output().stderr)?.[1] ?? 0);
      }),
    );
    expect(stored.reduce((a, b) => a + b, 0)).toBe(CASES);
    expect(stored.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    const arrivals = [...endpoint.arrivals].sort((a, b) => a - b);
    expect(arrivals).toHaveLength(CASES + 1);
    // The 429 answered the first request. Requests whose slot was reserved before the pause reached
    // Postgres still go out, and on a loaded machine "at once" can mean hundreds of milliseconds; so
    // the first second is left out. In the 0.9 s after it, the limit alone would let ~9 requests
    // through; with the pause held by every worker, none arrives until the Retry-After (2 s) has passed.
    const during = arrivals.filter((t) => t > arrivals[0] + 1000 && t < arrivals[0] + 1900);
    expect(during).toEqual([]);
    // After the pause: at most the limit (10) in any one second, with slack for timers that fire late on a loaded
    // machine and bunch two slots together; each worker pacing alone would allow 30.
    const rest = arrivals.slice(1);
    const busiest = Math.max(...rest.map((t, i) => rest.slice(i).filter((u) => u < t + 1000).length));
    expect(busiest).toBeLessThanOrEqual(13);
  }, 120_000);

  it('refuses --queue without a Postgres store (exit 2, with a hint)', async () => {
    const r = await runCli([
      'run',
      writeEval('no-pg', 'http://127.0.0.1:9/none'),
      '--store',
      join(dir, 'local.db'),
      '--queue',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--queue needs a shared Postgres store/);
    expect(r.stderr).toMatch(/Hint: Pass --store postgres:\/\//);
  });
});
