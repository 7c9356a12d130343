import type { Case } from '../core/types.js';

/** A named, versioned list of cases. */
export interface Dataset {
  readonly name: string;
  /** Hash of the canonical content (see `datasetVersion`): equal content, equal version. */
  readonly version: string;
  readonly cases: readonly Case[];
  /** Absolute path of the file the cases came from; absent for inline arrays. */
  readonly path?: string;
}

export interface LoadDatasetOptions {
  /** Folder that a relative path resolves against (the eval file's folder). */
  readonly baseDir: string;
  /** Overrides the name taken from the file (`qa.jsonl` → `qa`) or from a `name` key. */
  readonly name?: string;
}

/** Where a raw row came from, as shown to a person: `data/qa.jsonl:14` or `dataset[3]`. */
export type RowLocation = string;

/**
 * Cases read on demand: each iteration streams them again (from the file, in file order), so
 * memory does not grow with the dataset. `length` is known up front (counted when validated).
 */
export interface CaseList extends AsyncIterable<Case> {
  readonly length: number;
  /**
   * How many of the cases are conversations (see `isConversation`), when known without a pass
   * over them: a streamed file counts them while it is validated. Zero lets a reader that wants
   * only the conversations skip reading the file again.
   */
  readonly conversations?: number;
}

/** A validated, versioned dataset whose cases stream from their file (see `openDataset`). */
export interface StreamedDataset {
  readonly name: string;
  readonly version: string;
  readonly cases: CaseList;
  readonly path?: string;
}

/** A list held in memory, seen as a `CaseList`. */
export function caseList(cases: readonly Case[]): CaseList {
  return {
    length: cases.length,
    async *[Symbol.asyncIterator]() {
      yield* cases;
    },
  };
}

/** Every case of a list in one array (memory grows with the dataset: for small lists and tests). */
export async function collectCases(cases: AsyncIterable<Case>): Promise<Case[]> {
  const all: Case[] = [];
  for await (const c of cases) all.push(c);
  return all;
}
