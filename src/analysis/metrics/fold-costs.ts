import type { CaseCosts } from './case-fold.js';
import { fit, grown } from './typed-columns.js';

type CostKey = keyof CaseCosts;
type Column = Float64Array | Uint32Array;

const COUNTS: ReadonlySet<CostKey> = new Set(['targetUnknown', 'judgeCalls', 'judgeUnknown']);

/**
 * The fold's money and token columns, each made on its first use. Most runs call no judge and
 * many have no known price or token count, so most of the eight columns would hold only zeros:
 * a column never used comes back as one zero column shared by all the unused ones of its type
 * (read-only, like every fold column), 12 bytes a case instead of 52.
 */
export class CostColumns {
  #capacity: number;
  readonly #columns: { [K in CostKey]?: Column } = {};

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Adds `x` to case `c` of a column. */
  add(key: CostKey, c: number, x: number): void {
    const column = (this.#columns[key] ??= COUNTS.has(key)
      ? new Uint32Array(this.#capacity)
      : new Float64Array(this.#capacity));
    column[c] += x;
  }

  /** Makes room for `capacity` cases. */
  reserve(capacity: number): void {
    const columns = this.#columns;
    for (const key of Object.keys(columns) as CostKey[]) columns[key] = grown(columns[key]!, capacity);
    this.#capacity = capacity;
  }

  /** The columns of the first `n` cases. */
  finish(n: number): CaseCosts {
    let floats: Float64Array | undefined;
    let counts: Uint32Array | undefined;
    const k = this.#columns as { [K in CostKey]?: CaseCosts[K] };
    const float = (a: Float64Array | undefined) => (a ? fit(a, n) : (floats ??= new Float64Array(n)));
    const count = (a: Uint32Array | undefined) => (a ? fit(a, n) : (counts ??= new Uint32Array(n)));
    return {
      targetUsd: float(k.targetUsd),
      targetUnknown: count(k.targetUnknown),
      judgeUsd: float(k.judgeUsd),
      judgeCalls: count(k.judgeCalls),
      judgeUnknown: count(k.judgeUnknown),
      inputTokens: float(k.inputTokens),
      outputTokens: float(k.outputTokens),
      judgeTokens: float(k.judgeTokens),
    };
  }
}
