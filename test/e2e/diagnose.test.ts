import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
async function seed(): Promise<{ storePath: string; cases: Case[] }> {
  const out = join(dir, 'cases.jsonl');
  const built = await runCli(['dataset', 'build', '--from', logs, '--size', '30', '--strata', 'intent', '--allocation', 'equal', '--out', out]);
  expect(built.code).toBe(0);
  const cases = [...(await loadDataset(out, { baseDir: dir })).cases];
  const version = datasetVersion(cases);
  const storePath = join(dir, 'diagnose.db');
  const store = await openStore({ location: storePath });
  await store.datasets.create({ name: 'from-logs', version, cases });
  await store.runs.create({ runId: 'run_d', eval: 'support', datasetName: 'from-logs', datasetVersion: version, target: { kind: 'function' }, gitCommit: null, startedAt: new Date().toISOString(), config: {}, plannedTrials: cases.length });
  await store.trials.write(
    cases.map((c) => {
      const pass = c.metadata.intent !== 'legal';
      return { runId: 'run_d', caseId: c.id, repeat: 0, output: { text: 'ok' }, scores: [{ grader: 'policy', value: pass ? 1 : 0, pass }, { grader: 'always', value: 1, pass: true }], error: null, startedAt: new Date().toISOString(), latencyMs: 1 };
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
});
