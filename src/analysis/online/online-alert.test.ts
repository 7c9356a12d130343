import { describe, expect, it } from 'vitest';
import { createRng } from '../../stats/index.js';
import { wilsonInterval } from '../../stats/index.js';
import { alertAt, type WindowCount } from './online-alert.js';

/** Hourly windows of Poisson-ish traffic with a fixed pass rate, from a seeded generator. */
function simulate(rng: () => number, hours: number, rate: (h: number) => number): WindowCount[] {
  const out: WindowCount[] = [];
  for (let h = 0; h < hours; h++) {
    const graded = 20 + Math.floor(rng() * 60);
    let passes = 0;
    for (let i = 0; i < graded; i++) if (rng() < rate(h)) passes += 1;
    out.push({ passes, graded });
  }
  return out;
}

/** The share of simulated horizons in which `check`, run after every window, alarms at least once. */
function falseAlarmRate(
  seed: number,
  sims: number,
  looks: number,
  options: Parameters<typeof alertAt>[2],
): { alarms: number; sims: number } {
  const rng = createRng(seed);
  const warmup = 24;
  let alarms = 0;
  for (let s = 0; s < sims; s++) {
    const windows = simulate(
      () => rng.next(),
      warmup + looks,
      () => 0.85,
    );
    for (let look = warmup; look < warmup + looks; look++) {
      if (alertAt(windows, look, options).flagged) {
        alarms += 1;
        break;
      }
    }
  }
  return { alarms, sims };
}

describe('alertAt: a window significantly worse than its trailing baseline', () => {
  it('under no change, the chance of any false alarm over a horizon of looks stays within alpha (seeded simulation)', () => {
    const looks = 168; // a week of hourly checks
    const { alarms, sims } = falseAlarmRate(20261205, 400, looks, { alpha: 0.05, looks });
    const ci = wilsonInterval(alarms, sims);
    expect(ci.lower).toBeLessThanOrEqual(0.05);
    // A naive test at 0.05 per look alarms in most horizons: the reason for the correction.
    const naive = falseAlarmRate(20261205, 100, looks, { alpha: 0.05, looks: 1 });
    expect(naive.alarms / naive.sims).toBeGreaterThan(0.5);
  });

  it('flags a real drop within a few windows', () => {
    const rng = createRng(7);
    const windows = simulate(
      () => rng.next(),
      48,
      (h) => (h < 40 ? 0.9 : 0.6),
    );
    const flaggedAt = windows.findIndex((_, i) => i >= 24 && alertAt(windows, i, { looks: 720 }).flagged);
    expect(flaggedAt).toBeGreaterThanOrEqual(40);
    expect(flaggedAt).toBeLessThanOrEqual(42);
  });

  it('never flags without data in the window or the baseline', () => {
    expect(
      alertAt(
        [
          { passes: 0, graded: 0 },
          { passes: 0, graded: 5 },
        ],
        1,
      ).flagged,
    ).toBe(false);
    expect(
      alertAt(
        [
          { passes: 5, graded: 5 },
          { passes: 0, graded: 0 },
        ],
        1,
      ),
    ).toMatchObject({ p: 1, flagged: false });
  });
});
