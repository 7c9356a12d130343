import type { Case, Score, TargetOutput } from '../../core/types.js';
import type { Grader } from '../grader.js';
import { runGrader } from '../run-grader.js';

/** A case for grader tests, with overrides. */
export function testCase(overrides: Partial<Case> = {}): Case {
  return { id: 'case-1', input: 'question', slice: 'typical', metadata: {}, weight: 1, ...overrides };
}

/** Grades an output (a string is taken as `text`) through `runGrader`, as the runner would. */
export function gradeOutput(
  grader: Grader,
  output: string | TargetOutput,
  overrides: Partial<Case> = {},
): Promise<Score> {
  const out = typeof output === 'string' ? { text: output } : output;
  return runGrader(grader, testCase(overrides), out, {
    signal: new AbortController().signal,
    runId: 'run-test',
    repeat: 0,
    useCache: false,
  });
}

/** The configuration error a grader factory throws, formatted as a person sees it. */
export function configError(make: () => unknown): string {
  try {
    make();
  } catch (error) {
    const e = error as { message: string; issues?: readonly { path: string; message: string }[] };
    return [e.message, ...(e.issues ?? []).map((i) => `  ${i.path}: ${i.message}`)].join('\n');
  }
  throw new Error('expected a configuration error');
}
