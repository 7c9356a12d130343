import { readFile } from 'node:fs/promises';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { yamlValue } from '../core/yaml-values.js';
import type { CaseCollector } from './case-collector.js';
import { readDocument } from './read-document.js';

/** Reads a YAML file: a list of cases, or `{ name?, description?, cases: [...] }`. */
export async function readYaml(path: string, label: string, collector: CaseCollector): Promise<{ name?: string }> {
  const text = await readFile(path, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const line = error.linePos?.[0].line ?? 1;
      collector.addIssue({
        code: 'invalid_syntax',
        path: `${label}:${line}`,
        message: `yaml: ${error.message.split('\n')[0]}`,
      });
    }
    return {};
  }
  const contents = doc.contents;
  const list = isSeq(contents) ? contents : isMap(contents) ? contents.get('cases', true) : undefined;
  const items: readonly unknown[] = isSeq(list) ? list.items : [];
  const lineOf = (i: number): number => {
    const range = (items[i] as Node | null | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : 1;
  };
  const parsed = yamlValue(doc, lineCounter, label);
  if ('issue' in parsed) {
    collector.addIssue(parsed.issue);
    return {};
  }
  return readDocument(parsed.value, label, collector, (i) => `${label}:${lineOf(i)}`);
}
