import type { Command } from 'commander';
import { diffDatasets } from '../../../datasets/diff/diff-datasets.js';
import { parsePositiveInt, printJson, withStoreOption } from '../../shared.js';
import { loadDatasetRef } from './dataset-ref.js';

/** A diff value for a terminal: JSON-quoted so spaces and empties show, `(none)` when absent. */
function showText(v: string | null): string {
  return v === null ? '(none)' : JSON.stringify(v);
}

export function registerDiff(dataset: Command): void {
  withStoreOption(
    dataset
      .command('diff <a> <b>')
      .description('cases added, removed and changed between two dataset versions (files or stored versions)')
      .option(
        '--max-value-length <n>',
        'longest old or new value shown per change',
        parsePositiveInt('--max-value-length'),
        80,
      )
      .option(
        '--json',
        'print { a, b, same, added, removed, changed: [{ id, fields, changes: [{ field, before, after }] }], unchanged }',
      ),
  ).action(async (a: string, b: string, f: { json?: boolean; store?: string; maxValueLength: number }) => {
    const d = diffDatasets(await loadDatasetRef(a, f), await loadDatasetRef(b, f), {
      maxValueLength: f.maxValueLength,
    });
    if (f.json) return printJson(d);
    const lines = [`${a} (${d.a.version}, ${d.a.cases} cases) → ${b} (${d.b.version}, ${d.b.cases} cases)`];
    if (d.same) lines.push('Same content: no change.');
    else {
      lines.push(
        `${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed, ${d.unchanged} unchanged`,
      );
      for (const id of d.added) lines.push(`  + ${id}`);
      for (const id of d.removed) lines.push(`  - ${id}`);
      for (const c of d.changed) {
        lines.push(`  ~ ${c.id} (${c.fields.join(', ')})`);
        for (const ch of c.changes) lines.push(`      ${ch.field}: ${showText(ch.before)} → ${showText(ch.after)}`);
      }
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
