import type { Issue } from '../core/errors.js';
import { StringHashIndex } from '../core/string-hash-index.js';
import { isConversation, type Case } from '../core/types.js';
import { duplicateIssue, throwIfInvalid } from './case-collector.js';
import type { RowLocation } from './dataset.js';
import type { RowSink } from './dataset-row.js';
import { parseCase } from './parse-case.js';
import { DatasetVersion } from './version.js';

interface Suspect {
  readonly raw: unknown;
  readonly testCase: Case;
  readonly where: RowLocation;
  readonly firstLine: number;
}

/**
 * Validates a dataset as it streams past without keeping its cases: every bad row is
 * collected, the version is computed on the way, and ids are deduplicated through 64-bit
 * hashes (~17 bytes a case). A row whose id hash was seen before is a suspect; `confirm`
 * settles suspects exactly against the ids actually found at the first lines (a second read
 * of the file, needed only when there are suspects), so a hash collision is never reported.
 *
 * @example
 * const v = new StreamValidator('qa.jsonl');
 * await collectRows(jsonlRows(path, 'qa.jsonl'), v);
 * if (v.wantedLines().size > 0) v.confirm(await idsAtLines(…));
 * const { count, version } = v.finish();
 */
export class StreamValidator implements RowSink {
  readonly #label: string;
  readonly #issues: Issue[] = [];
  readonly #ids: StringHashIndex;
  readonly #version = new DatasetVersion();
  readonly #suspects: Suspect[] = [];
  #count = 0;
  #conversations = 0;
  /** The accepted cases in file order while there are at most `#keepUpTo`; undefined past that. */
  #kept: Case[] | undefined;
  readonly #keepUpTo: number;

  /**
   * `keepUpTo`: hold the parsed cases of a file with at most this many (0: none), so a small
   * file is not read and parsed again. `ids` is for tests (an index with a weak hash, to force
   * collisions).
   */
  constructor(label: string, options: { readonly keepUpTo?: number; readonly ids?: StringHashIndex } = {}) {
    this.#label = label;
    this.#ids = options.ids ?? new StringHashIndex();
    this.#keepUpTo = options.keepUpTo ?? 0;
    if (this.#keepUpTo > 0) this.#kept = [];
  }

  add(raw: unknown, where: RowLocation, line = 0): void {
    const result = parseCase(raw, where);
    if (result.issues) {
      this.#issues.push(...result.issues);
      return;
    }
    const firstLine = this.#ids.findOrAdd(result.case.id, line);
    if (firstLine !== undefined) {
      this.#suspects.push({ raw, testCase: result.case, where, firstLine });
      // A suspect is settled after the pass, out of file order: the file is read again instead.
      this.#kept = undefined;
      return;
    }
    this.#accept(result.case);
  }

  addIssue(issue: Issue): void {
    this.#issues.push(issue);
  }

  /** The lines whose ids `confirm` needs: the first rows of every suspected duplicate. */
  wantedLines(): Set<number> {
    return new Set(this.#suspects.map((s) => s.firstLine));
  }

  /** Settles the suspects, given the id and location of the row at each wanted line. */
  confirm(firstRows: ReadonlyMap<number, { readonly id: string; readonly where: RowLocation }>): void {
    const seen = new Map<string, RowLocation>();
    for (const row of firstRows.values()) seen.set(row.id, row.where);
    for (const suspect of this.#suspects) {
      const { id } = suspect.testCase;
      const first = seen.get(id);
      if (first !== undefined) this.#issues.push(duplicateIssue(suspect.raw, id, suspect.where, first));
      else {
        // Only the hash matched: a different id, so a case like any other.
        seen.set(id, suspect.where);
        this.#accept(suspect.testCase);
      }
    }
    this.#suspects.length = 0;
  }

  /**
   * The count, the version and how many cases are conversations, or an `AssayError`
   * (`DATASET_INVALID` / `DATASET_EMPTY`) naming every problem.
   */
  finish(): { count: number; version: string; conversations: number; cases?: readonly Case[] } {
    throwIfInvalid(this.#label, this.#issues, this.#count);
    return {
      count: this.#count,
      version: this.#version.digest(),
      conversations: this.#conversations,
      ...(this.#kept !== undefined && { cases: this.#kept }),
    };
  }

  #accept(testCase: Case): void {
    if (this.#kept !== undefined) {
      if (this.#kept.length < this.#keepUpTo) this.#kept.push(testCase);
      else this.#kept = undefined;
    }
    this.#count += 1;
    if (isConversation(testCase)) this.#conversations += 1;
    this.#version.add(testCase);
  }
}
