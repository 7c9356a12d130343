/**
 * A factory whose module is imported on its first call, so a registry can name every kind it
 * knows while a run loads the code (and the packages) of only the kinds it uses.
 *
 * @example
 * const create = lazyFactory(async () => (await import('./openai/openai-target.js')).createOpenAITarget);
 */
export function lazyFactory<A extends unknown[], R>(
  load: () => Promise<(...args: A) => R | Promise<R>>,
): (...args: A) => Promise<R> {
  return async (...args) => (await load())(...args);
}
