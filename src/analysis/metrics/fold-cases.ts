import type { CaseMetadata } from '../../core/types.js';
import type { CaseColumns } from '../../store/types.js';

/** The case columns of a fold: which case each index is, and its segment fields. */
export interface FoldCaseColumns {
  readonly caseIds: readonly string[];
  readonly slices: readonly string[];
  readonly metadata: readonly CaseMetadata[];
  readonly weights: Float64Array;
}

interface OwnColumns {
  readonly caseIds: string[];
  readonly slices: string[];
  readonly metadata: CaseMetadata[];
  readonly weights: number[];
}

/**
 * The fold's case columns (id, slice, metadata, weight). While the run's cases are the
 * dataset's rows in order (the usual run: trials come in case id order, as the dataset's
 * columns do), they are the dataset's own columns, shared rather than copied, so a million
 * cases are not held twice. The first case out of line copies the ones before it, and the
 * fold goes on with columns of its own. A case the dataset lacks takes the defaults (slice
 * `typical`, weight 1, no metadata).
 */
export class FoldCases {
  readonly #dataset: CaseColumns;
  #count = 0;
  #own: OwnColumns | undefined;

  constructor(dataset: CaseColumns) {
    this.#dataset = dataset;
  }

  /** Adds the next case: row `k` of the dataset, or, when `k` is negative, a case it lacks. */
  add(k: number, id: string): void {
    if (this.#own === undefined && k === this.#count) {
      this.#count += 1;
      return;
    }
    const own = (this.#own ??= this.#copy(this.#count));
    const d = this.#dataset;
    own.caseIds.push(k < 0 ? id : d.caseIds[k]);
    own.slices.push(k < 0 ? 'typical' : d.slices[k]);
    own.metadata.push(k < 0 ? {} : d.metadata[k]);
    own.weights.push(k < 0 ? 1 : d.weights[k]);
    this.#count += 1;
  }

  get length(): number {
    return this.#count;
  }

  finish(): FoldCaseColumns {
    const own = this.#own;
    if (own) return { ...own, weights: Float64Array.from(own.weights) };
    const d = this.#dataset;
    const n = this.#count;
    if (n === d.caseIds.length)
      return { caseIds: d.caseIds, slices: d.slices, metadata: d.metadata, weights: d.weights };
    return { ...this.#copy(n), weights: d.weights.slice(0, n) };
  }

  #copy(n: number): OwnColumns {
    const d = this.#dataset;
    return {
      caseIds: d.caseIds.slice(0, n),
      slices: d.slices.slice(0, n),
      metadata: d.metadata.slice(0, n),
      weights: Array.from(d.weights.subarray(0, n)),
    };
  }
}
