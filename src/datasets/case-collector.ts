import { AssayError, type Issue } from '../core/errors.js';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { StringHashIndex } from '../core/string-hash-index.js';
import type { Case, ChatMessage } from '../core/types.js';
import type { RowLocation } from './dataset.js';
import type { RowSink } from './dataset-row.js';
import { imagePaths } from './parse-content.js';
import { parseCase } from './parse-case.js';

/**
 * Gathers the cases of one dataset row by row, with every problem on the way: bad rows,
 * unreadable lines, duplicate ids. `finish` returns the cases only when there was none.
 *
 * @example
 * const collector = new CaseCollector('qa.jsonl');
 * collector.add({ input: 'Hi' }, 'qa.jsonl:1');
 * const cases = collector.finish(); // throws DATASET_INVALID listing every issue
 */
export class CaseCollector implements RowSink {
  readonly #label: string;
  readonly #cases: Case[] = [];
  readonly #where: RowLocation[] = [];
  readonly #issues: Issue[] = [];
  readonly #ids = new StringHashIndex();

  readonly #imageDir: string | undefined;

  /** `imageDir`: the folder image paths resolve against (the dataset's); their files must exist. */
  constructor(label: string, imageDir?: string) {
    this.#label = label;
    this.#imageDir = imageDir;
  }

  add(raw: unknown, where: RowLocation): void {
    const result = parseCase(raw, where);
    if (result.issues) {
      this.#issues.push(...result.issues);
      return;
    }
    const missing = this.#missingImages(result.case);
    if (missing.length > 0) {
      for (const path of missing) {
        this.#issues.push({
          code: 'unknown_reference',
          path: where,
          message: `image: no file ${path} next to the dataset; image paths are relative to the dataset file`,
        });
      }
      return;
    }
    const { id } = result.case;
    const first = this.#ids.find(id, (ordinal) => this.#cases[ordinal]!.id === id);
    if (first !== undefined) {
      this.#issues.push(duplicateIssue(raw, id, where, this.#where[first]!));
      return;
    }
    this.#ids.add(id, this.#cases.length);
    this.#cases.push(result.case);
    this.#where.push(where);
  }

  #missingImages(testCase: Case): string[] {
    if (this.#imageDir === undefined) return [];
    const input = testCase.input;
    const contents = [
      ...(Array.isArray(input) ? (input as readonly ChatMessage[]).map((m) => m.content) : []),
      ...(testCase.turns ?? []).map((t) => t.user),
    ];
    const dir = this.#imageDir;
    return contents.flatMap(imagePaths).filter((p) => !existsSync(isAbsolute(p) ? p : resolve(dir, p)));
  }

  /** Records a problem found before a row could be parsed (bad JSON, bad CSV quoting…). */
  addIssue(issue: Issue): void {
    this.#issues.push(issue);
  }

  get issues(): readonly Issue[] {
    return this.#issues;
  }

  /** The cases, or an `AssayError` (`DATASET_INVALID` / `DATASET_EMPTY`) naming every problem. */
  finish(): Case[] {
    throwIfInvalid(this.#label, this.#issues, this.#cases.length);
    return this.#cases;
  }
}

export function duplicateIssue(raw: unknown, id: string, where: RowLocation, first: RowLocation): Issue {
  const generated = raw !== null && typeof raw === 'object' && !('id' in raw);
  const why = generated ? ' (generated from the same input and expected)' : '';
  return {
    code: 'duplicate',
    path: where,
    message: `id: duplicate id '${id}'${why}, first used at ${first}; give each case its own id or remove the copy`,
  };
}

/** Throws `DATASET_INVALID` listing every issue in file order, or `DATASET_EMPTY`. */
export function throwIfInvalid(label: string, issues: readonly Issue[], cases: number): void {
  if (issues.length > 0) {
    const n = issues.length;
    throw new AssayError(
      'DATASET_INVALID',
      `Dataset ${label} has ${n} problem${n === 1 ? '' : 's'}; nothing was run.`,
      {
        issues: [...issues].sort((a, b) => position(a.path) - position(b.path)),
        hint: 'Fix every row listed above (file:line: field: problem). Extra fields belong under "metadata".',
      },
    );
  }
  if (cases === 0) {
    throw new AssayError('DATASET_EMPTY', `Dataset ${label} has no cases.`, {
      hint: 'Add at least one case, e.g. {"input": "What is your refund policy?", "expected": "30 days"}.',
    });
  }
}

/** The line or index at the end of a location (`qa.csv:12`, `dataset[3]`), to list issues in file order. */
function position(where: RowLocation): number {
  const m = /(?::(\d+)|\[(\d+)\])$/.exec(where);
  return m ? Number(m[1] ?? m[2]) : 0;
}
