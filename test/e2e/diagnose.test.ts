import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Case } from '../../src/core/types.js';
import { loadDataset } from '../../src/datasets/load-dataset.js';
import { datasetVersion } from '../../src/datasets/version.js';
import { openStore } from '../../src/store/open-store.js';
import { projectRoot, runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-e2e-diagnose-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const logs = join(projectRoot, 'test/fixtures/dataset-design/logs.jsonl');

/** Builds an eval set from the fixture logs with equal allocation (legal over-represented), then stores a run where legal fails. */
async function seed(name = 'diagnose.db'): Promise<{ storePath: string; cases: Case[] }> {
  const out = join(dir, 'cases.jsonl');
  const built = await runCli([
    'dataset',
    'build',
    '--from',
    logs,
    '--size',
    '30',
    '--strata',
    'intent',
    '--allocation',
    'equal',
    '--out',
    out,
  ]);
  expect(built.code).toBe(0);
  const cases = [...(await loadDataset(out, { baseDir: dir })).cases];
  const version = datasetVersion(cases);
  const storePath = join(dir, name);
  const store = await openStore({ location: storePath });
  await store.datasets.create({ name: 'from-logs', version, cases });
  await store.runs.create({
    runId: 'run_d',
    eval: 'support',
    datasetName: 'from-logs',
    datasetVersion: version,
    target: { kind: 'function' },
    gitCommit: null,
    startedAt: new Date().toISOString(),
    config: {},
    plannedTrials: cases.length,
  });
  await store.trials.write(
    cases.map((c) => {
      const pass = c.metadata.intent !== 'legal';
      return {
        runId: 'run_d',
        caseId: c.id,
        repeat: 0,
        output: { text: 'ok' },
        scores: [
          { grader: 'policy', value: pass ? 1 : 0, pass },
          { grader: 'always', value: 1, pass: true },
        ],
        error: null,
        startedAt: new Date().toISOString(),
        latencyMs: 1,
      };
    }),
  );
  await store.runs.update('run_d', { status: 'completed', finishedAt: new Date().toISOString() });
  await store.close();
  return { storePath, cases };
}

describe('assay diagnose', () => {
  it('reweights the run to production, names the weak segment and measures grader agreement with feedback', async () => {
    const { storePath, cases } = await seed();
    const r = await runCli(['diagnose', 'run_d', '--logs', logs, '--strata', 'intent', '--store', storePath, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.strataFields).toEqual(['intent']);
    const legalCases = cases.filter((c) => c.metadata.intent === 'legal').length;
    expect(d.evalPassRate.value).toBeCloseTo(1 - legalCases / cases.length, 10);
    const legal = d.composition.find((s: { key: string }) => s.key === 'intent=legal');
    // Legal is 10% of traffic (12 of 123 lines) and fails every case: the production-mix pass rate is about 90%.
    expect(legal.trafficShare).toBeCloseTo(12 / 123, 10);
    expect(d.productionPassRate.value).toBeCloseTo(1 - 12 / 123, 10);
    expect(d.productionPassRate.value).toBeGreaterThan(d.evalPassRate.value);
    expect(d.lowest[0]).toMatchObject({ key: 'intent=legal', passRate: { value: 0 } });
    const policy = d.feedback.find((a: { grader: string }) => a.grader === 'policy');
    const always = d.feedback.find((a: { grader: string }) => a.grader === 'always');
    expect(policy.n).toBe(cases.length);
    expect(policy.kappa).toBeGreaterThan(always.kappa || 0);
    expect(d.clusters.trafficNearEvalCases).toBeGreaterThan(0.2);
  });

  it('prints a report for people, and a clear error for an unknown run', async () => {
    const storePath = join(dir, 'diagnose.db');
    const r = await runCli(['diagnose', 'run_d', '--logs', logs, '--store', storePath]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Reweighted to the production mix');
    expect(r.stdout).toMatch(/intent=legal\s+0\.0%/);
    expect(r.stdout).toContain('Agreement with user feedback');
    const missing = await runCli(['diagnose', 'run_nope', '--logs', logs, '--store', storePath]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('without --strata ranks a big weak segment first (one-way strata, min cases), names the metric and says why feedback is missing', async () => {
    // Production: intent × language × tier, German 46% of traffic; feedback logged, but the cases carry no source to join on.
    const intents = ['billing', 'shipping', 'account', 'returns', 'legal', 'privacy', 'promo', 'other'];
    const tiers = ['free', 'pro', 'team', 'enterprise', 'edu'];
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const language = i % 50 < 23 ? 'de' : i % 50 < 45 ? 'en' : 'fr';
      lines.push(
        JSON.stringify({
          trace_id: `p${i}`,
          input: `production question ${i}`,
          metadata: { intent: intents[i % 8], language, tier: tiers[(i * 7) % 5] },
          feedback: i % 3 ? 'up' : 'down',
        }),
      );
    }
    const prodLogs = join(dir, 'prod-three.jsonl');
    writeFileSync(prodLogs, `${lines.join('\n')}\n`);
    const cases: Case[] = Array.from({ length: 300 }, (_, i) => ({
      id: `c${i}`,
      input: `eval case ${i}`,
      slice: 'typical',
      weight: 1,
      metadata: {
        intent: intents[(i * 3) % 8],
        language: i < 52 ? 'de' : i < 270 ? 'en' : 'fr',
        tier: tiers[(i * 11) % 5],
      },
    }));
    const version = datasetVersion(cases);
    const storePath = join(dir, 'diagnose-oneway.db');
    const store = await openStore({ location: storePath });
    await store.datasets.create({ name: 'qa', version, cases });
    await store.runs.create({
      runId: 'run_w',
      eval: 'support',
      datasetName: 'qa',
      datasetVersion: version,
      target: { kind: 'function' },
      gitCommit: null,
      startedAt: new Date().toISOString(),
      config: {},
      plannedTrials: 300,
    });
    await store.trials.write(
      cases.map((c, i) => {
        const pass = c.metadata.language === 'de' ? i < 7 : !(i >= 100 && i < 104);
        return {
          runId: 'run_w',
          caseId: c.id,
          repeat: 0,
          output: { text: 'ok' },
          scores: [
            { grader: 'policy', value: pass ? 1 : 0, pass },
            { grader: 'tone', value: 1, pass: true },
          ],
          error: null,
          startedAt: new Date().toISOString(),
          latencyMs: 1,
        };
      }),
    );
    await store.runs.update('run_w', { status: 'completed', finishedAt: new Date().toISOString() });
    await store.close();

    const r = await runCli(['diagnose', 'run_w', '--logs', prodLogs, '--store', storePath, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d).toMatchObject({
      strataMode: 'one-way',
      strataFields: ['intent', 'language', 'tier'],
      minCases: 10,
      metric: 'all graders pass (policy, tone), averaged over repeats',
    });
    expect(d.lowest[0]).toMatchObject({ key: 'language=de', cases: 52 });
    expect(d.lowest[0].trafficShare).toBeCloseTo(0.46, 10);
    expect(d.lowest.every((s: { cases: number }) => s.cases >= 10)).toBe(true);
    expect(d.graders.map((g: { grader: string }) => g.grader)).toEqual(['policy', 'tone']);
    expect(d.feedback).toEqual([]);
    expect(d.feedbackJoin).toMatchObject({ casesWithSource: 0, casesJoined: 0, linesWithFeedback: 2000 });
    expect(d.warnings).toContain(d.feedbackJoin.reason);
    expect(d.feedbackJoin.reason).toContain('no case could be joined to a log line with feedback');

    const text = await runCli(['diagnose', 'run_w', '--logs', prodLogs, '--store', storePath, '--min-cases', '60']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Pass rate: all graders pass (policy, tone), averaged over repeats.');
    expect(text.stdout).toMatch(/Weakest segments \(at least 60 cases/);
    expect(text.stdout).not.toMatch(/^ {2}language=de {2}/m);
    expect(text.stdout).toMatch(/segments? with fewer than 60 cases not ranked/);
    expect(text.stdout).toContain('none measured. No grader agreement with user feedback: no case could be joined');
  });

  it('--traffic profiles production from the ingested traces: the same mix and feedback as the log, filtered by --since and --where', async () => {
    const { storePath, cases } = await seed('traffic.db');
    // The fixture log as plain trace records, ingested with `assay ingest`; its thumbs as stored feedback.
    const lines = readFileSync(logs, 'utf8').split('\n').filter(Boolean);
    const records: string[] = [];
    const thumbs: { traceId: string; thumb: 'up' | 'down' }[] = [];
    for (const line of lines) {
      let row: Record<string, unknown>;
      try {
        row = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      const traceId = String(row.trace_id);
      const t = records.length;
      const timestamp = new Date(Date.UTC(2026, 2, 1, 0, t)).toISOString();
      records.push(
        JSON.stringify({ traceId, input: row.input, output: row.output, metadata: row.metadata, timestamp }),
      );
      if (row.feedback === 'up' || row.feedback === 'down') thumbs.push({ traceId, thumb: row.feedback });
    }
    const file = join(dir, 'traffic.jsonl');
    writeFileSync(file, `${records.join('\n')}\n`);
    const ingested = await runCli(['ingest', file, '--store', storePath, '--json']);
    expect(ingested.code).toBe(0);
    const store = await openStore({ location: storePath });
    for (const f of thumbs)
      await store.feedback!.add({ traceId: f.traceId, score: null, thumb: f.thumb, comment: null });
    await store.close();

    const fromLogs = JSON.parse(
      (await runCli(['diagnose', 'run_d', '--logs', logs, '--strata', 'intent', '--store', storePath, '--json']))
        .stdout,
    );
    const r = await runCli(['diagnose', 'run_d', '--traffic', '--strata', 'intent', '--store', storePath, '--json']);
    expect(r.stderr).toBe('');
    const d = JSON.parse(r.stdout);
    expect(d.logs.lines).toBe(records.length);
    expect(d.logs.path).toMatch(/^the traces ingested into /);
    expect(d.composition).toEqual(fromLogs.composition);
    expect(d.productionPassRate).toEqual(fromLogs.productionPassRate);
    const policy = d.feedback.find((a: { grader: string }) => a.grader === 'policy');
    expect(policy.n).toBe(cases.length);

    const legal = JSON.parse(
      (
        await runCli([
          'diagnose',
          'run_d',
          '--traffic',
          '--where',
          'intent=legal',
          '--strata',
          'intent',
          '--store',
          storePath,
          '--json',
        ])
      ).stdout,
    );
    expect(legal.logs.lines).toBe(12);
    expect(legal.composition.find((s: { key: string }) => s.key === 'intent=legal').trafficShare).toBe(1);
    const recent = JSON.parse(
      (
        await runCli([
          'diagnose',
          'run_d',
          '--traffic',
          '--since',
          '2026-03-01T01:00:00Z',
          '--strata',
          'intent',
          '--store',
          storePath,
          '--json',
        ])
      ).stdout,
    );
    expect(recent.logs.lines).toBe(records.length - 60);
  }, 180_000);

  it('--traffic refuses a segment field no trace has, with a did-you-mean and --map, and an empty selection', async () => {
    const storePath = join(dir, 'traffic.db');
    const unknown = await runCli(['diagnose', 'run_d', '--traffic', '--strata', 'intnt', '--store', storePath]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/has the segment field 'intnt'/);
    expect(unknown.stderr).toMatch(/did you mean 'intent'\? \(--map intnt=intent\)/);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
    const none = await runCli(['diagnose', 'run_d', '--traffic', '--since', '2099-01-01', '--store', storePath]);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(
      /No interactions could be read from the traces ingested into .* \(since 2099-01-01T00:00:00\.000Z\)/,
    );
    const both = await runCli(['diagnose', 'run_d', '--traffic', '--logs', logs, '--store', storePath]);
    expect(both.stderr).toMatch(/Pass one production source: --logs <file> or --traffic/);
    const badSince = await runCli(['diagnose', 'run_d', '--traffic', '--since', 'yesterday', '--store', storePath]);
    expect(badSince.stderr).toMatch(/--since 'yesterday' is neither a date nor a span/);
  }, 120_000);
});
