import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/hash.js';
import type { Case } from '../core/types.js';

/**
 * The version of a list of cases: a 12-hex-character hash of their canonical content,
 * sorted by id. Key order, row order and file format do not change it; any edit does.
 *
 * @example
 * datasetVersion([{ id: 'a', input: 'Hi', slice: 'typical', metadata: {}, weight: 1 }]); // e.g. '3f9a0c…'
 */
export function datasetVersion(cases: readonly Case[]): string {
  const sorted = [...cases].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const hash = createHash('sha256');
  for (const c of sorted) hash.update(`${canonicalJson(c)}\n`);
  return hash.digest('hex').slice(0, 12);
}
