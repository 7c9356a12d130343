import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { AssayError, type Issue } from '../../core/errors.js';
import type { Case } from '../../core/types.js';
import { writeCasesJsonl } from '../../datasets/write-cases-jsonl.js';
import { inferEntryPoint } from '../../graders/code/build-program.js';

/** One HumanEval problem as the original `HumanEval.jsonl(.gz)` spells it. */
interface HumanEvalProblem {
  readonly task_id: string;
  readonly prompt: string;
  readonly canonical_solution: string;
  readonly test: string;
  readonly entry_point: string;
}

const FIELDS = ['task_id', 'prompt', 'canonical_solution', 'test', 'entry_point'] as const;

export interface HumanEvalImport {
  readonly cases: readonly Case[];
  /** Replay lines `{ caseId, output }` of the canonical solutions. */
  readonly solutions: readonly { readonly caseId: string; readonly output: string }[];
}

/**
 * Turns HumanEval-format problems into cases: `input` is the prompt, `expected` the test code,
 * `metadata.entryPoint` the function name when it is not the prompt's last function; graded by
 * `{ type: code, harness: humaneval }`.
 * Every bad line is reported at once as `file:line: problem`.
 *
 * @example
 * const { cases } = parseHumanEval(text, 'HumanEval.jsonl');
 */
export function parseHumanEval(text: string, shownPath: string): HumanEvalImport {
  const cases: Case[] = [];
  const solutions: { caseId: string; output: string }[] = [];
  const issues: Issue[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    const path = `${shownPath}:${index + 1}`;
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch {
      issues.push({ code: 'invalid_syntax', path, message: 'not valid JSON' });
      return;
    }
    const r = record as Partial<Record<(typeof FIELDS)[number], unknown>>;
    const bad = FIELDS.filter((f) => typeof r?.[f] !== 'string' || (f !== 'canonical_solution' && r[f] === ''));
    if (record === null || typeof record !== 'object' || bad.length > 0) {
      const message = `needs string fields ${bad.join(', ')} (HumanEval format: ${FIELDS.join(', ')})`;
      issues.push({ code: 'missing_field', path, message });
      return;
    }
    const p = record as HumanEvalProblem;
    if (seen.has(p.task_id)) {
      issues.push({ code: 'duplicate', path, message: `task_id '${p.task_id}' appears twice` });
      return;
    }
    seen.add(p.task_id);
    // The tests go in `expected` (not a metadata field, which would be segmented on); the entry
    // point is kept only where the prompt's last function is not it.
    const inferred = inferEntryPoint('python', p.prompt) === p.entry_point;
    const entry: { entryPoint?: string } = inferred ? {} : { entryPoint: p.entry_point };
    cases.push({
      id: p.task_id,
      input: p.prompt,
      expected: p.test,
      slice: 'typical',
      weight: 1,
      source: 'humaneval',
      metadata: { language: 'python', ...entry },
    });
    solutions.push({ caseId: p.task_id, output: p.canonical_solution });
  });
  if (issues.length > 0) {
    const lines = `${issues.length} line${issues.length === 1 ? '' : 's'}`;
    throw new AssayError('HUMANEVAL_INVALID', `${shownPath} has ${lines} that are not HumanEval problems.`, {
      issues,
      hint: 'Each line must be a JSON object with task_id, prompt, canonical_solution, test and entry_point.',
    });
  }
  return { cases, solutions };
}

/** Reads a `.jsonl` or gzipped `.jsonl.gz` HumanEval file; writes the cases (and optionally the solutions replay). */
export async function importHumanEval(file: string, out: string, solutionsOut?: string): Promise<HumanEvalImport> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new AssayError('FILE_NOT_FOUND', `No HumanEval file at ${file}.`, {
      hint: 'Pass the path of HumanEval.jsonl or HumanEval.jsonl.gz.',
    });
  }
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  let text: string;
  try {
    text = (gzipped ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    throw new AssayError('HUMANEVAL_INVALID', `${file} is not a readable gzip file: ${(error as Error).message}.`, {
      hint: 'Pass the .jsonl.gz as downloaded, or gunzip it first.',
    });
  }
  const imported = parseHumanEval(text, file);
  await writeCasesJsonl(out, imported.cases);
  if (solutionsOut !== undefined) {
    await mkdir(dirname(solutionsOut), { recursive: true });
    await writeFile(solutionsOut, imported.solutions.map((s) => JSON.stringify(s)).join('\n') + '\n');
  }
  return imported;
}
