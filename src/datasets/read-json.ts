import { readFile } from 'node:fs/promises';
import type { CaseCollector } from './case-collector.js';
import { jsonItemLines } from './json-item-lines.js';
import { readDocument } from './read-document.js';

/** Reads a JSON file: an array of cases, or `{ "name"?: …, "cases": [...] }`. */
export async function readJson(path: string, label: string, collector: CaseCollector): Promise<{ name?: string }> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    collector.addIssue({
      code: 'invalid_syntax',
      path: `${label}:${jsonErrorLine(text, error)}`,
      message: `json: not valid JSON (${(error as Error).message})`,
    });
    return {};
  }
  const lines = jsonItemLines(text);
  return readDocument(doc, label, collector, (i) => `${label}:${lines[i] ?? 1}`);
}

function jsonErrorLine(text: string, error: unknown): number {
  const m = /position (\d+)/.exec((error as Error).message);
  if (!m) return 1;
  return text.slice(0, Number(m[1])).split('\n').length;
}
