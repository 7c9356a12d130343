import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../stats/index.js';
import { sampleDecision, samplePoint } from './sampling.js';

const trace = (traceId: string, metadata: Record<string, unknown> = {}, status: 'ok' | 'error' = 'ok') => ({
  traceId,
  metadata,
  status,
});

describe('deterministic sampling by trace-id hash', () => {
  it('gives a trace the same decision every time, and nests smaller rates in larger ones', () => {
    for (let i = 0; i < 500; i++) {
      const id = `trace-${i}`;
      expect(samplePoint(id)).toBe(samplePoint(id));
      if (sampleDecision(trace(id), { sample: 0.05 }).sampled)
        expect(sampleDecision(trace(id), { sample: 0.2 }).sampled).toBe(true);
    }
  });

  it.each([0.01, 0.05, 0.3])('hits rate %s within its 99.9%% binomial interval over 40,000 random ids', (rate) => {
    const n = 40_000;
    let hits = 0;
    for (let i = 0; i < n; i++)
      if (sampleDecision(trace(`${i.toString(36)}-${(i * 2654435761) >>> 0}`), { sample: rate }).sampled) hits += 1;
    const w = wilsonInterval(hits, n, 0.001);
    expect(rate).toBeGreaterThanOrEqual(w.lower);
    expect(rate).toBeLessThanOrEqual(w.upper);
  });

  it('uses a stratum rate for matching metadata and adds always-rules outside the sample', () => {
    const spec = {
      sample: 0.01,
      strata: [{ where: { 'user.tier': 'enterprise' }, sample: 1 }],
      always: [{ status: 'error' as const }, { feedback: 'down' as const }],
    };
    expect(sampleDecision(trace('a', { 'user.tier': 'enterprise' }), spec)).toEqual({
      sampled: true,
      always: false,
      rate: 1,
    });
    const unsampled = Array.from({ length: 50 }, (_, i) => `u${i}`).find((id) => samplePoint(id) >= 0.01)!;
    expect(sampleDecision(trace(unsampled, {}, 'error'), spec)).toEqual({ sampled: false, always: true, rate: 0.01 });
    expect(sampleDecision(trace(unsampled), spec, ['down']).always).toBe(true);
    expect(sampleDecision(trace(unsampled), spec, ['up']).always).toBe(false);
  });
});
