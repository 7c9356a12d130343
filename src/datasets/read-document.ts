import type { CaseCollector } from './case-collector.js';
import type { RowLocation } from './dataset.js';
import { describe } from './parse-case.js';

const DOCUMENT_KEYS = new Set(['name', 'description', 'cases']);

/**
 * Feeds a parsed JSON or YAML document to the collector: either a list of cases or
 * `{ name?, description?, cases: [...] }`. `locate(i)` names where item `i` came from.
 */
export function readDocument(
  doc: unknown,
  label: string,
  collector: CaseCollector,
  locate: (index: number) => RowLocation,
): { name?: string } {
  let items: unknown;
  let name: string | undefined;
  if (Array.isArray(doc)) {
    items = doc;
  } else if (doc !== null && typeof doc === 'object') {
    const record = doc as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!DOCUMENT_KEYS.has(key)) {
        collector.addIssue({
          code: 'unknown_field',
          path: `${label}:1`,
          message: `${key}: unknown top-level key; a dataset file is a list of cases or {name, description, cases}`,
        });
      }
    }
    if (typeof record.name === 'string') name = record.name;
    items = record.cases;
    if (!Array.isArray(items)) {
      collector.addIssue({
        code: 'missing_field',
        path: `${label}:1`,
        message: `cases: must be a list of cases, got ${describe(items)}`,
      });
      return { name };
    }
  } else {
    collector.addIssue({
      code: 'invalid_type',
      path: `${label}:1`,
      message: `document: must be a list of cases or {cases: [...]}, got ${describe(doc)}`,
    });
    return {};
  }
  (items as unknown[]).forEach((item, i) => collector.add(item, locate(i)));
  return { name };
}
