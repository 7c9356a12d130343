import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import type { Case } from '../core/types.js';

/**
 * Writes cases as JSONL, one case a line with its fields in a fixed order, creating the
 * folder if needed. `loadDataset` reads the file back to the same cases and version.
 *
 * @example
 * await writeCasesJsonl('datasets/qa.jsonl', dataset.cases);
 */
export async function writeCasesJsonl(path: string, cases: Iterable<Case>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path, { encoding: 'utf8' });
  const closed = once(out, 'close');
  // A write error rejects both `drain` and `close`; the loop reports it, so keep this quiet.
  closed.catch(() => undefined);
  try {
    for (const c of cases) {
      const line = JSON.stringify({
        id: c.id,
        input: c.input,
        expected: c.expected,
        slice: c.slice,
        weight: c.weight,
        source: c.source,
        metadata: c.metadata,
      });
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    }
  } finally {
    out.end();
  }
  await closed;
}
