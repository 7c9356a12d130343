/**
 * Argument checks shared by the stats functions.
 *
 * Why one place: the spec pins the error contract — invalid input throws a RangeError whose
 * message names the function, the argument, the value received and the fix — and keeping
 * the wording here keeps it uniform across every family.
 */

/** Throw a RangeError in the house format: "fn: arg must …, got …; fix". */
export function fail(fn: string, message: string): never {
  throw new RangeError(`${fn}: ${message}`);
}

/** A non-negative integer count. */
export function assertCount(fn: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    fail(fn, `${name} must be a non-negative integer, got ${value}; pass a whole count such as 0, 1, 2`);
  }
}

/** A probability strictly inside (0, 1), such as α or power. */
export function assertOpenUnit(fn: string, name: string, value: number): void {
  if (!(value > 0 && value < 1)) {
    const hint =
      name === 'alpha'
        ? 'for a 95% interval pass alpha = 0.05'
        : name === 'power'
          ? 'pass e.g. power = 0.8'
          : 'pass a probability strictly between 0 and 1';
    fail(fn, `${name} must be in (0, 1), got ${value}; ${hint}`);
  }
}

/** A probability in [0, 1]. */
export function assertUnit(fn: string, name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) {
    fail(fn, `${name} must be in [0, 1], got ${value}`);
  }
}

/** Every element finite; returns a Float64Array copy (typed arrays keep the hot loops fast). */
export function toFiniteArray(fn: string, name: string, values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      fail(
        fn,
        `${name}[${i}] must be a finite number, got ${String(v)}; remove or impute missing scores before calling`,
      );
    }
    out[i] = v;
  }
  return out;
}

/**
 * {@link toFiniteArray} for a function that only reads its input: a Float64Array comes back as
 * it is (checked, not copied; a million case means are not copied for one pass), anything else
 * as a copy.
 */
export function finiteForReading(fn: string, name: string, values: ArrayLike<number>): Float64Array {
  if (!(values instanceof Float64Array)) return toFiniteArray(fn, name, values);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      fail(
        fn,
        `${name}[${i}] must be a finite number, got ${String(values[i])}; remove or impute missing scores before calling`,
      );
    }
  }
  return values;
}

/** Two samples of the same length (paired by item, joined by the caller). */
export function assertSameLength(fn: string, a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) {
    fail(
      fn,
      `a and b must have the same length (paired by item), got ${a.length} and ${b.length}; join both runs on item id first`,
    );
  }
}

/** The three alternatives, accepting scipy ('less'/'greater') and statsmodels ('smaller'/'larger') spellings. */
export type Alternative = 'two-sided' | 'less' | 'greater';

/** Normalise an alternative; unknown strings are an error. */
export function normalizeAlternative(fn: string, value: string | undefined): Alternative {
  switch (value ?? 'two-sided') {
    case 'two-sided':
    case '2s':
      return 'two-sided';
    case 'less':
    case 'smaller':
      return 'less';
    case 'greater':
    case 'larger':
      return 'greater';
    default:
      return fail(fn, `alternative must be 'two-sided', 'less' or 'greater', got '${String(value)}'`);
  }
}
