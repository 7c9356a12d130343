import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRedteamRuns } from '../../../test/fixtures/redteam/seed.js';
import { formatComparison } from '../../reporters/terminal-format.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { summarizeRun } from '../summarize-run.js';
import { compareRuns } from './compare-runs.js';

let dir: string;
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-redteam-compare-'));
  store = await openStore({ location: join(dir, 'assay.db') });
  await seedRedteamRuns(store);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('compare on attack cases', () => {
  it('pairs the attack cases only and reports the ASR change with the summary ASR on each side', async () => {
    const c = await compareRuns(store, 'rt_v1', 'rt_v2');
    const r = c.redteam!.find((x) => x.grader === 'no-leak')!;
    expect(r.attacks).toBe(60);
    const [s1, s2] = await Promise.all([summarizeRun(store, 'rt_v1'), summarizeRun(store, 'rt_v2')]);
    expect(r.baseline).toEqual(s1.redteam!.overall['no-leak']);
    expect(r.candidate).toEqual(s2.redteam!.overall['no-leak']);
    expect(r.delta.value).toBeCloseTo(-0.45, 12);
    expect(r.delta.upper).toBeLessThan(0);
    expect(r.verdict).toBe('asr-down');
    expect(r.families.map((f) => f.family).sort()).toHaveLength(3);
    expect(formatComparison(c)).toContain('Red team: attack success rate, paired per attack case');
  });

  it('sees no change when a run is compared with itself', async () => {
    const c = await compareRuns(store, 'rt_v1', 'rt_v1');
    expect(c.redteam?.[0].verdict).toBe('no-detectable-change');
  });
});
