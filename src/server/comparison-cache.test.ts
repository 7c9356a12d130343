import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDashboardStore, type SeededStore } from '../../test/fixtures/dashboard/seed.js';
import { ComparisonCache } from './comparison-cache.js';

let seeded: SeededStore;
beforeAll(async () => {
  seeded = await seedDashboardStore();
});
afterAll(async () => seeded.cleanup());

describe('ComparisonCache', () => {
  it('computes a pair of finished runs once, and again after a review of either run', async () => {
    const cache = new ComparisonCache(seeded.store);
    const base = (await seeded.store.runs.get(seeded.runs.baseline))!;
    const cand = (await seeded.store.runs.get(seeded.runs.candidate))!;
    const first = cache.compare(base, cand, {});
    expect(cache.compare(base, cand, {})).toBe(first);
    expect(cache.compare(base, cand, { alpha: 0.1 })).not.toBe(first);
    expect((await first).graders.find((g) => g.name === 'exact')?.verdict).toBe('regressed');
    cache.invalidate(cand.runId);
    expect(cache.compare(base, cand, {})).not.toBe(first);
  });

  it('never caches a run that is still running', async () => {
    const cache = new ComparisonCache(seeded.store);
    const run = { runId: seeded.runs.old, status: 'running', trials: 1, errors: 0, finishedAt: null } as const;
    const other = { runId: seeded.runs.baseline, status: 'completed', trials: 60, errors: 0, finishedAt: 'x' } as const;
    const a = cache.compare(run as never, other as never, {});
    const b = cache.compare(run as never, other as never, {});
    expect(b).not.toBe(a);
    await Promise.all([a, b]);
  });
});
