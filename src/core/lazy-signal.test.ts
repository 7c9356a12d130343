import { describe, expect, it } from 'vitest';
import { createStopper, withLazySignal } from './lazy-signal.js';

describe('withLazySignal', () => {
  it('makes the signal only when read, and the same one on every read', () => {
    let made = 0;
    let controller: AbortController | undefined;
    const ctx = withLazySignal({ runId: 'r' }, () => {
      if (controller === undefined) {
        made++;
        controller = new AbortController();
      }
      return controller.signal;
    });
    expect(made).toBe(0);
    expect(ctx.signal).toBe(ctx.signal);
    expect(made).toBe(1);
  });

  it('is an own enumerable property, so a spread copy carries the signal and nothing else', () => {
    const signal = new AbortController().signal;
    const ctx = withLazySignal({ runId: 'r', repeat: 0 }, () => signal);
    const copy = { ...ctx, turn: 1 };
    expect(Object.keys(copy)).toEqual(['runId', 'repeat', 'signal', 'turn']);
    expect(copy.signal).toBe(signal);
    expect(Object.getOwnPropertySymbols(copy)).toEqual([]);
  });
});

describe('createStopper', () => {
  it('runs each listener once with the first reason, and at once for a listener added after', () => {
    const stopper = createStopper();
    const seen: unknown[] = [];
    stopper.onStop((r) => seen.push(['a', r]));
    const off = stopper.onStop((r) => seen.push(['b', r]));
    off();
    expect(stopper.stopped).toBe(false);
    stopper.stop('first');
    stopper.stop('second');
    expect(seen).toEqual([['a', 'first']]);
    stopper.onStop((r) => seen.push(['c', r]));
    expect(seen).toEqual([
      ['a', 'first'],
      ['c', 'first'],
    ]);
    expect(stopper).toMatchObject({ stopped: true, reason: 'first' });
  });
});
