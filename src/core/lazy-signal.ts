const MAKE = Symbol('make signal');

// One getter shared by every context: V8 gives an object literal with its own getter
// (`{ get signal() { … } }`) a hidden class of its own, about 4 µs and some old-space garbage
// per object, which at three contexts per trial was the largest single cost of a fast run.
const SIGNAL: PropertyDescriptor = {
  get(this: { readonly [MAKE]: () => AbortSignal }): AbortSignal {
    return this[MAKE]();
  },
  enumerable: true,
  configurable: true,
};

/**
 * Gives `target` a `signal` that is made only when read: `make` runs on each read and must
 * return the same signal every time (make it once, keep it). The property is an own,
 * enumerable getter, as in an object literal, so `{ ...ctx }` copies the signal.
 *
 * @example
 * let controller: AbortController | undefined;
 * const ctx = withLazySignal({ runId }, () => (controller ??= new AbortController()).signal);
 */
export function withLazySignal<T extends object>(
  target: T,
  make: () => AbortSignal,
): T & { readonly signal: AbortSignal } {
  Object.defineProperty(target, MAKE, { value: make });
  Object.defineProperty(target, 'signal', SIGNAL);
  return target as T & { readonly signal: AbortSignal };
}

/**
 * Registers `listener` to run once when a call must stop (with the reason), and returns the
 * function that unregisters it; calls it at once when the call has already stopped. The
 * runner hands one to targets beside `signal` (`TargetContext.onStop`): in Node 20 making an
 * AbortSignal and listening on it costs ~30 µs a call, more than the rest of an HTTP call's
 * own code, while a call that completes never needs the signal itself.
 */
export type OnStop = (listener: (reason: unknown) => void) => () => void;

export interface Stopper {
  readonly onStop: OnStop;
  /** Runs the listeners once; later calls do nothing. */
  stop(reason: unknown): void;
  readonly stopped: boolean;
  /** The reason `stop` was first called with. */
  readonly reason: unknown;
}

/**
 * An `OnStop` over a list of listeners, and the `stop` that runs them (the first reason wins).
 *
 * @example
 * const stopper = createStopper();
 * const off = stopper.onStop((reason) => request.destroy());
 * stopper.stop(new Error('timeout'));
 */
export function createStopper(): Stopper {
  let listeners: ((reason: unknown) => void)[] | undefined;
  let stopped = false;
  let stopReason: unknown;
  return {
    get stopped() {
      return stopped;
    },
    get reason() {
      return stopReason;
    },
    onStop(listener) {
      if (stopped) {
        listener(stopReason);
        return noop;
      }
      (listeners ??= []).push(listener);
      return () => {
        const i = listeners?.indexOf(listener) ?? -1;
        if (i >= 0) listeners!.splice(i, 1);
      };
    },
    stop(reason) {
      if (stopped) return;
      stopped = true;
      stopReason = reason;
      const waiting = listeners ?? [];
      listeners = undefined;
      for (const listener of waiting) listener(reason);
    },
  };
}

function noop(): void {}
