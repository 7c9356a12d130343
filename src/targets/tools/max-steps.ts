/** Tool-calling loops stop after this many model calls unless the eval sets `maxSteps`. */
export const DEFAULT_MAX_STEPS = 10;
export const MAX_MAX_STEPS = 1_000;
