import { describe, expect, it } from 'vitest';
import { createLocalPacing } from './local-pacing.js';

describe('local pacing (matrix cells sharing one endpoint)', () => {
  it('gives targets of the same model and endpoint one pacer, others their own', () => {
    const pacing = createLocalPacing();
    const a = pacing('openai:m1@http://127.0.0.1:1/v1', 60);
    expect(pacing('openai:m1@http://127.0.0.1:1/v1', undefined)).toBe(a);
    expect(pacing('openai:m2@http://127.0.0.1:1/v1', 60)).not.toBe(a);
  });

  it('spaces the requests of every sharer by the strictest limit, on a fake clock', async () => {
    let t = 0;
    const pacing = createLocalPacing(() => t);
    const first = pacing('k', 6000); // 10 ms apart
    const second = pacing('k', 600); // 100 ms apart: the strictest wins for both
    await first.acquire();
    const pending = second.acquire();
    let done = false;
    void pending.then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    t = 100;
    await pending;
    expect(done).toBe(true);
  });

  it('a pause seen by one sharer holds the others until it ends', async () => {
    let t = 0;
    const pacing = createLocalPacing(() => t);
    const a = pacing('k', undefined);
    const b = pacing('k', undefined);
    a.pause(50);
    let done = false;
    const pending = b.acquire().then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    t = 50;
    await pending;
    expect(done).toBe(true);
  });
});
