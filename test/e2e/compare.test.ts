import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { seedSupportRuns } from '../fixtures/compare/seed-store.js';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
let storePath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-compare-'));
  storePath = join(dir, 'assay.db');
  const store = await openStore({ location: storePath });
  await seedSupportRuns(store);
  await store.baselines.set('main', 'run_v1');
  await store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('assay compare', () => {
  it('prints the paired comparison as JSON with the promised field names', async () => {
    const r = await runCli(['compare', 'run_v1', 'run_v2', '--json', '--store', storePath]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.baseline.runId).toBe('run_v1');
    expect(c.candidate.runId).toBe('run_v2');
    expect(c.sharedCases).toBe(50);
    expect(c.onlyInBaseline).toBe(0);
    expect(c.onlyInCandidate).toBe(0);
    const g = c.graders[0];
    expect(Object.keys(g)).toEqual(
      expect.arrayContaining([
        'name',
        'kind',
        'baseline',
        'candidate',
        'delta',
        'test',
        'pValue',
        'verdict',
        'mde',
        'discordant',
      ]),
    );
    expect(g).toMatchObject({
      name: 'correct',
      kind: 'binary',
      discordant: { baselineOnly: 7, candidateOnly: 12 },
      verdict: 'no-detectable-change',
    });
    expect(Object.keys(g.baseline)).toEqual(expect.arrayContaining(['value', 'lower', 'upper', 'n']));
    // m = 19, k = 7: mid-p = (2·ΣC(19, 0..7) − C(19, 7))/2^19.
    expect(g.pValue).toBeCloseTo(137980 / 524288, 10);
    expect(g.delta.value).toBeCloseTo(0.1, 12);
    const de = c.segments.find((s: { field: string; value: string }) => s.field === 'language' && s.value === 'de');
    expect(Object.keys(de)).toEqual(
      expect.arrayContaining(['field', 'value', 'grader', 'n', 'delta', 'pValue', 'pAdjusted', 'verdict']),
    );
    expect(de.pValue).toBeCloseTo(1 / 128, 12);
    // BH over {1/4096, 1/128, 137980/524288}: 3·(1/128)/2.
    expect(de.pAdjusted).toBeCloseTo(3 / 256, 12);
    expect(de.verdict).toBe('regressed');
    expect(c.segmentFamilySize).toBe(3);
    expect(c.flips.regressed).toEqual(['de-0', 'de-1', 'de-2', 'de-3', 'de-4', 'de-5', 'de-6']);
    expect(c.flips.improved).toHaveLength(12);
    expect(c.flaky).toEqual([]);
    expect(Array.isArray(c.warnings)).toBe(true);
  });

  it('prints a readable report with the MDE beside a non-significant result', async () => {
    const r = await runCli(['compare', 'main', 'latest', '--store', storePath]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Baseline run_v1  →  candidate run_v2');
    expect(r.stdout).toContain('McNemar mid-p 0.263');
    expect(r.stdout).toMatch(/minimum detectable effect at n=50: ±\d+\.\d pts/);
    expect(r.stdout).toMatch(/language=de\s+correct\s+n=10\s+Δ −70\.0 pts .*regressed/);
    expect(r.stdout).toContain('Flips: 7 regressed, 12 improved');
  });

  it('resolves latest on the baseline side to the newest other run of the same eval', async () => {
    const r = await runCli(['compare', 'latest', 'run_v2', '--json', '--store', storePath]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).baseline.runId).toBe('run_v1');
  });

  it('exits 2 with a hint for an unknown run, a bad flag value', async () => {
    const unknown = await runCli(['compare', 'nope', 'run_v2', '--store', storePath]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("No run or baseline named 'nope'");
    expect(unknown.stderr).toContain('Hint:');
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
    const bad = await runCli(['compare', 'run_v1', 'run_v2', '--correction', 'bonferroni', '--store', storePath]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--correction must be bh, holm, by or none');
  });

  it('applies Holm when asked', async () => {
    const r = await runCli(['compare', 'run_v1', 'run_v2', '--json', '--correction', 'holm', '--store', storePath]);
    const de = JSON.parse(r.stdout).segments.find((s: { value: string }) => s.value === 'de');
    // Holm: max(3·(1/4096), 2·(1/128)).
    expect(de.pAdjusted).toBeCloseTo(1 / 64, 12);
  });
});
