import { closest, distance } from 'fastest-levenshtein';

/**
 * The known name nearest to `input` when it looks like a typo of it: the same name in another
 * case, or at most max(2, a third of its length) edits away. Undefined otherwise. The one
 * did-you-mean of the project: unknown keys, options, types, graders and fields all use it.
 *
 * @example
 * nearestName('temprature', ['temperature', 'model']); // 'temperature'
 */
export function nearestName(input: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const guess = closest(input, [...known]);
  const near = guess.toLowerCase() === input.toLowerCase() || distance(guess, input) <= Math.max(2, input.length / 3);
  return near ? guess : undefined;
}

/** `; did you mean 'x'?` for a near name, else the empty string (for appending to a message). */
export function didYouMean(input: string, known: readonly string[]): string {
  const guess = nearestName(input, known);
  return guess === undefined ? '' : `; did you mean '${guess}'?`;
}
