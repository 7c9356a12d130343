import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.js';

/**
 * A clock that only moves when a waiter sleeps: the limiter's schedule is then exact and
 * independent of how loaded the machine is.
 */
function virtualClock() {
  let clock = 0;
  const waits: number[] = [];
  return {
    now: () => clock,
    set: (t: number) => {
      clock = t;
    },
    waits,
    wait: async (ms: number) => {
      waits.push(ms);
    },
  };
}

describe('createRateLimiter', () => {
  it('spaces requests evenly at the given requests per minute', async () => {
    const time = virtualClock();
    const limiter = createRateLimiter({ requestsPerMinute: 1_200 }, time.now, time.wait); // one every 50 ms
    for (let i = 0; i < 5; i++) await limiter.acquire();
    // All five arrive at t = 0: the first goes at once, the others wait for their slots.
    expect(time.waits).toEqual([50, 100, 150, 200]);
  });

  it('serves a caller at once when its slot has passed', async () => {
    const time = virtualClock();
    const limiter = createRateLimiter({ requestsPerMinute: 600 }, time.now, time.wait); // every 100 ms
    await limiter.acquire();
    time.set(250);
    await limiter.acquire();
    time.set(260);
    await limiter.acquire();
    expect(time.waits).toEqual([90]);
  });

  it('lets a burst through at once, then spaces', async () => {
    const time = virtualClock();
    const limiter = createRateLimiter({ requestsPerMinute: 60, burst: 3 }, time.now, time.wait);
    await limiter.acquire();
    await limiter.acquire();
    await limiter.acquire();
    expect(time.waits).toEqual([]);
    await limiter.acquire();
    expect(time.waits).toEqual([1_000]);
  });

  it('stops waiting when the signal aborts', async () => {
    const limiter = createRateLimiter({ requestsPerMinute: 1 });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
  });
});
