import type { Command } from 'commander';
import { resolveRunRef } from '../../analysis/run-ref.js';
import { AssayError } from '../../core/errors.js';
import { printJson, readingStore, withStoreOption } from '../shared.js';

interface BaselineFlags {
  readonly store?: string;
  readonly json?: boolean;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/;

export function registerBaselineCommand(program: Command): void {
  const baseline = program
    .command('baseline')
    .description('name runs as baselines (e.g. `main`) to compare and gate against');
  withStoreOption(
    baseline
      .command('set')
      .description('point a baseline name at a run')
      .argument('<name>', 'e.g. main')
      .argument('<run>', 'a run id, or `latest`')
      .option('--json', 'machine-readable output'),
  ).action(async (name: string, runRef: string, flags: BaselineFlags) => {
    if (!NAME.test(name) || name === 'latest') {
      throw new AssayError('BAD_BASELINE_NAME', `'${name}' cannot be a baseline name.`, {
        hint: 'Use letters, digits, dot, dash, underscore or slash (e.g. main, release/1.2); `latest` is reserved.',
      });
    }
    await readingStore(flags, async (store) => {
      if (await store.runs.get(name)) {
        throw new AssayError(
          'BAD_BASELINE_NAME',
          `'${name}' is a run id; a baseline with that name would hide the run.`,
          { hint: 'Pick another name, e.g. main.' },
        );
      }
      const run = await resolveRunRef(store, runRef, { role: 'run' });
      const saved = await store.baselines.set(name, run.runId);
      if (flags.json) printJson(saved);
      else process.stdout.write(`Baseline '${saved.name}' → ${saved.runId} (${run.eval}, ${run.status})\n`);
    });
  });
  withStoreOption(
    baseline
      .command('list')
      .description('list baseline names and their runs')
      .option('--json', 'machine-readable output'),
  ).action(async (flags: BaselineFlags) => {
    await readingStore(flags, async (store) => {
      const all = await store.baselines.list();
      if (flags.json) printJson(all);
      else if (all.length === 0)
        process.stdout.write('No baselines yet. Name one with `assay baseline set main <runId>`.\n');
      else
        process.stdout.write(
          `${all.map((b) => `${b.name.padEnd(20)} ${b.runId}  (updated ${b.updatedAt})`).join('\n')}\n`,
        );
    });
  });
}
