import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.js';

describe('createRateLimiter', () => {
  it('spaces requests evenly at the given requests per minute', async () => {
    const limiter = createRateLimiter({ requestsPerMinute: 1_200 }); // one every 50 ms
    const started = performance.now();
    const times = await Promise.all(
      [0, 1, 2, 3, 4].map(async () => {
        await limiter.acquire();
        return performance.now() - started;
      }),
    );
    expect(times[0]).toBeLessThan(30);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(45);
  });

  it('lets a burst through at once, then spaces', async () => {
    let clock = 0;
    const limiter = createRateLimiter({ requestsPerMinute: 60, burst: 3 }, () => clock);
    const started = Date.now();
    await limiter.acquire();
    await limiter.acquire();
    await limiter.acquire();
    expect(Date.now() - started).toBeLessThan(100);
    clock = 0;
    const fourth = limiter.acquire();
    const timed = await Promise.race([
      fourth.then(() => 'acquired'),
      new Promise((r) => setTimeout(() => r('waiting'), 100)),
    ]);
    expect(timed).toBe('waiting');
  });

  it('stops waiting when the signal aborts', async () => {
    const limiter = createRateLimiter({ requestsPerMinute: 1 });
    await limiter.acquire();
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled')), 20);
    await expect(limiter.acquire(controller.signal)).rejects.toThrow('cancelled');
  });
});
