import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { CaseCollector } from './case-collector.js';

/** Streams a JSONL file into the collector, one case a line; blank lines are skipped. */
export async function readJsonl(path: string, label: string, collector: CaseCollector): Promise<void> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo += 1;
    const text = lineNo === 1 ? line.replace(/^\uFEFF/, '') : line;
    if (text.trim() === '') continue;
    const where = `${label}:${lineNo}`;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      collector.addIssue({ code: 'invalid_json', path: where, message: `json: ${(error as Error).message}; each line must be one JSON object` });
      continue;
    }
    collector.add(raw, where);
  }
}
