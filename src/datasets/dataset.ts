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
