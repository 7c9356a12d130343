import { visit, type Document, type LineCounter } from 'yaml';
import type { Issue } from './errors.js';
import { formatCount } from './format-count.js';

/**
 * How far aliases may expand (the `yaml` package's measure: an anchor's size times its uses).
 * Ample for files that reuse blocks hundreds of times; an alias bomb passes it within a few levels.
 */
export const YAML_MAX_ALIAS_COUNT = 100_000;

/**
 * A parsed YAML document as plain values, or the problem that stopped it (an alias bomb, an
 * alias without its anchor) as an issue at `label:line`, never an unexpected error.
 */
export function yamlValue(
  doc: Document.Parsed,
  lineCounter: LineCounter,
  label: string,
): { value: unknown } | { issue: Issue } {
  try {
    return { value: doc.toJS({ maxAliasCount: YAML_MAX_ALIAS_COUNT }) };
  } catch (error) {
    // The yaml package reports alias problems as ReferenceError from toJS; anything else is ours to see.
    if (!(error instanceof ReferenceError)) throw error;
    let line = 1;
    visit(doc, {
      Alias(_key, node) {
        if (node.range) line = lineCounter.linePos(node.range[0]).line;
        return visit.BREAK;
      },
    });
    const excessive = /excessive alias/i.test(error.message);
    const message = excessive
      ? `yaml: aliases expand to more than ${formatCount(YAML_MAX_ALIAS_COUNT)} values (first alias here);` +
        ' write the values out or reuse less'
      : `yaml: ${error.message.split('\n')[0]}`;
    return { issue: { code: excessive ? 'invalid_value' : 'invalid_syntax', path: `${label}:${line}`, message } };
  }
}
