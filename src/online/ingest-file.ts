import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { AssayError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import type { TraceRecord } from '../store/trace-types.js';
import { checkPlainRecord, type Rejection } from './plain-record.js';
import { storeTraces, type IngestResult } from './ingest.js';

const BATCH = 2000;

/**
 * `assay ingest <file.jsonl>`: one trace record per line (the `POST /api/traces` shape), read as a
 * stream and stored in batches, so memory stays flat on large logs. A rejection's index is its
 * 1-based line number. Blank lines are skipped.
 */
export async function ingestJsonlFile(store: Store, path: string): Promise<IngestResult> {
  if (!existsSync(path))
    throw new AssayError('INGEST_FILE_NOT_FOUND', `No file at ${path}.`, {
      hint: 'Pass a JSONL file of trace records.',
    });
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  const rejections: Rejection[] = [];
  let batch: TraceRecord[] = [];
  let accepted = 0;
  let line = 0;
  const now = new Date();
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      rejections.push({ index: line, reason: `not valid JSON: ${(error as Error).message}` });
      continue;
    }
    const checked = checkPlainRecord(raw, 'jsonl', now);
    if (checked.ok) batch.push(checked.value);
    else rejections.push({ index: line, reason: checked.reason });
    if (batch.length >= BATCH) {
      accepted += (await storeTraces(store, batch, [])).accepted;
      batch = [];
    }
  }
  if (batch.length > 0) accepted += (await storeTraces(store, batch, [])).accepted;
  return { accepted, rejected: rejections.length, rejections };
}
