import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { AssayError } from '../../core/errors.js';
import { initCasesJsonl, initEvalFile } from '../init-templates.js';

export interface InitFlags {
  readonly dir: string;
  readonly force?: boolean;
}

/** Writes `<dir>/cases.jsonl` and `<dir>/intent.eval.ts`; returns their paths relative to `cwd`. */
export function scaffoldEvals(flags: InitFlags, cwd = process.cwd()): { evalFile: string; dataset: string } {
  const dir = resolve(cwd, flags.dir);
  const datasetPath = join(dir, 'cases.jsonl');
  const evalPath = join(dir, 'intent.eval.ts');
  const shown = (p: string) => relative(cwd, p) || '.';
  const existing = [datasetPath, evalPath].filter((p) => existsSync(p));
  if (existing.length > 0 && !flags.force) {
    throw new AssayError(
      'INIT_FILE_EXISTS',
      `${existing.map(shown).join(' and ')} already exist${existing.length === 1 ? 's' : ''}.`,
      {
        hint: 'Pass --dir <folder> to scaffold somewhere else, or --force to overwrite.',
      },
    );
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(datasetPath, initCasesJsonl());
  writeFileSync(evalPath, initEvalFile(shown(evalPath), 'cases.jsonl'));
  return { evalFile: shown(evalPath), dataset: shown(datasetPath) };
}

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('scaffold evals/ with a dataset and an eval file you can run at once')
    .option('--dir <folder>', 'where to write the files', 'evals')
    .option('--force', 'overwrite files that already exist')
    .action((flags: InitFlags) => {
      const { evalFile, dataset } = scaffoldEvals(flags);
      process.stdout.write(`Wrote ${dataset} (5 cases) and ${evalFile}.\n\nNext: npx assay run ${evalFile}\n`);
    });
}
