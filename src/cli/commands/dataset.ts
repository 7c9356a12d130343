import type { Command } from 'commander';
import { registerBuild } from './dataset/build.js';
import { registerCheck } from './dataset/check.js';
import { registerDiff } from './dataset/diff.js';
import { registerPromote } from './dataset/promote.js';

/** `assay dataset build | check | promote | diff`. */
export function registerDatasetCommand(program: Command): void {
  const dataset = program
    .command('dataset')
    .description('design eval sets: build from logs, check, promote failures, diff versions');
  registerBuild(dataset);
  registerCheck(dataset);
  registerPromote(dataset);
  registerDiff(dataset);
}
