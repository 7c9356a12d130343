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
