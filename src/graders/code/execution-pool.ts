import { availableParallelism } from 'node:os';

/**
 * A counting semaphore: at most `size` executions at once, whatever the target's concurrency,
 * so 50 concurrent API calls never fork 50 interpreters.
 */
export class ExecutionPool {
  readonly size: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(size: number) {
    this.size = Math.max(1, Math.floor(size));
  }

  async use<T>(work: () => Promise<T>): Promise<T> {
    // A released slot passes straight to the next waiter, so a newcomer can never overtake it.
    if (this.#running >= this.size) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#running++;
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}

let shared: ExecutionPool | undefined;

/** The pool every code grader shares unless it sets its own `concurrency`: one slot per core. */
export function sharedExecutionPool(): ExecutionPool {
  shared ??= new ExecutionPool(availableParallelism());
  return shared;
}
