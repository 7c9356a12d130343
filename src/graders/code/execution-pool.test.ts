import { describe, expect, it } from 'vitest';
import { ExecutionPool } from './execution-pool.js';

describe('ExecutionPool', () => {
  it('never runs more than its size at once, and runs everything', async () => {
    const pool = new ExecutionPool(3);
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const jobs = Array.from({ length: 20 }, () =>
      pool.use(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
      }),
    );
    // Release the jobs one by one as they start, until all 20 have run.
    for (let released = 0; released < 20; released++) {
      for (let spins = 0; releases.length === 0 && spins < 1000; spins++) await Promise.resolve();
      releases.shift()!();
    }
    await Promise.all(jobs);
    expect(peak).toBe(3);
  });
});
