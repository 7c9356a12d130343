import type { Case, Score, TargetOutput } from '../core/types.js';
import type { Grader, GraderContext } from './grader.js';

/**
 * Runs one grader and turns whatever happens into a `Score`: a throw or an out-of-range
 * value becomes an error score (NaN value, `error` set), so it can never count as a pass.
 */
export async function runGrader(grader: Grader, testCase: Case, output: TargetOutput, ctx: GraderContext): Promise<Score> {
  try {
    const result = await grader.grade(testCase, output, ctx);
    if (result.pending) {
      return { grader: grader.name, value: Number.NaN, pending: true, reason: result.reason, meta: result.meta };
    }
    const value = result.value as unknown;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
      return {
        grader: grader.name,
        value: Number.NaN,
        error: `Grader '${grader.name}' returned ${formatValue(value)}; scores must be numbers between 0 and 1.`,
        meta: result.meta,
      };
    }
    const pass = typeof result.pass === 'boolean' ? result.pass : value >= (grader.threshold ?? 1);
    return {
      grader: grader.name,
      value,
      pass,
      ...(result.label !== undefined && { label: result.label }),
      ...(result.reason !== undefined && { reason: result.reason }),
      ...(result.meta !== undefined && { meta: result.meta }),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A grader may attach what it saw (a judge's raw reply) to the error it throws.
    const meta = (error as { meta?: unknown } | null)?.meta;
    return {
      grader: grader.name,
      value: Number.NaN,
      error: `Grader '${grader.name}' failed: ${message}`,
      ...(meta !== null && typeof meta === 'object' && { meta: meta as Record<string, unknown> }),
    };
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'no value';
  return JSON.stringify(value) ?? String(value);
}
