import { readFile } from 'node:fs/promises';
import { AssayError, type Issue } from '../../core/errors.js';
import type { TargetOutput } from '../../core/types.js';
import { toTargetOutput } from '../output/to-target-output.js';

/** Recorded outputs by case id; `any` holds a recording that applies to every repeat. */
export interface Recordings {
  readonly byCase: ReadonlyMap<
    string,
    { readonly any?: TargetOutput; readonly repeats: ReadonlyMap<number, TargetOutput> }
  >;
  readonly count: number;
  /** Hash input: the file's text. */
  readonly text: string;
}

/**
 * Reads a JSONL of `{ "caseId": …, "output": "text" | { text | value | … }, "repeat"?: n }` lines.
 * Every bad line is collected and reported at once as `file:line: problem`.
 *
 * @example
 * const recordings = await readRecordings('/abs/outputs.jsonl', 'outputs.jsonl');
 */
export async function readRecordings(path: string, shownPath: string): Promise<Recordings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new AssayError('REPLAY_FILE_NOT_FOUND', `The replay target's file ${shownPath} does not exist.`, {
      hint: "Check target.path; relative paths resolve against the eval file's folder.",
    });
  }
  const issues: Issue[] = [];
  const byCase = new Map<string, { any?: TargetOutput; repeats: Map<number, TargetOutput> }>();
  let count = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const where = `${shownPath}:${index + 1}`;
    const problem = (message: string) => issues.push({ code: 'invalid_syntax', path: where, message });
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return problem('not valid JSON');
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record))
      return problem('expected an object like { "caseId": "…", "output": "…" }');
    const { caseId, output, repeat } = record as Record<string, unknown>;
    if (typeof caseId !== 'string' && typeof caseId !== 'number') return problem('caseId: required, a string');
    if (output === undefined || output === null)
      return problem('output: required, a string or an object with text or value');
    if (repeat !== undefined && !(Number.isInteger(repeat) && (repeat as number) >= 0))
      return problem('repeat: must be a whole number ≥ 0');
    const id = String(caseId);
    const entry: { any?: TargetOutput; repeats: Map<number, TargetOutput> } = byCase.get(id) ?? { repeats: new Map() };
    if (repeat === undefined) {
      if (entry.any !== undefined) return problem(`caseId: '${id}' is recorded twice without a repeat`);
      entry.any = toTargetOutput(output);
    } else {
      if (entry.repeats.has(repeat as number)) return problem(`caseId: '${id}' repeat ${repeat} is recorded twice`);
      entry.repeats.set(repeat as number, toTargetOutput(output));
    }
    byCase.set(id, entry);
    count++;
  });
  if (issues.length > 0) {
    throw new AssayError(
      'REPLAY_FILE_INVALID',
      `The replay file ${shownPath} has ${issues.length} bad line${issues.length === 1 ? '' : 's'}.`,
      {
        issues,
        hint: 'Each line must be a JSON object: { "caseId": "…", "output": "text or { text, value }", "repeat": 0 (optional) }.',
      },
    );
  }
  return { byCase, count, text };
}
