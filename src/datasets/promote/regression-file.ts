import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Case } from '../../core/types.js';
import { loadDataset } from '../load-dataset.js';
import { redactPii, redactValue, type PiiCounts } from '../../core/pii/redact-pii.js';

/** The cases already in a regression file; none when it does not exist yet. */
export async function readRegressionCases(path: string): Promise<readonly Case[]> {
  const full = resolve(path);
  return (await exists(full)) ? (await loadDataset(full, { baseDir: process.cwd() })).cases : [];
}

/** Appends cases as JSONL lines, creating the file (and folder) if needed; existing lines stay as they are. */
export async function appendRegressionCases(path: string, cases: readonly Case[]): Promise<void> {
  if (cases.length === 0) return;
  const full = resolve(path);
  await mkdir(dirname(full), { recursive: true });
  const prefix = (await exists(full)) && !(await readFile(full, 'utf8')).endsWith('\n') ? '\n' : '';
  await appendFile(full, prefix + cases.map((c) => `${caseLine(c)}\n`).join(''), 'utf8');
}

/** One case as a JSONL line, fields in the order `writeCasesJsonl` uses. */
function caseLine(c: Case): string {
  return JSON.stringify({
    id: c.id,
    input: c.input,
    expected: c.expected,
    slice: c.slice,
    weight: c.weight,
    source: c.source,
    metadata: c.metadata,
  });
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (_error) {
    return false;
  }
}

/** A case with PII redacted in its input, expected answer and text metadata (before it is deduplicated and written). */
export function redactCase(c: Case, counts: PiiCounts): Case {
  const metadata: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(c.metadata)) metadata[k] = typeof v === 'string' ? redactPii(v, counts) : v;
  return {
    ...c,
    input: redactValue(c.input, counts),
    ...(c.expected !== undefined && { expected: redactValue(c.expected, counts) }),
    metadata,
  };
}
