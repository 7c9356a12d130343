import type { Command } from 'commander';
import {
  registerInspectImport,
  registerLmEvalImport,
  registerOpenAiEvalsImport,
  registerPromptfooImport,
} from './import-kinds.js';
import { registerHumanEvalImport } from './import-humaneval.js';

/** Adds one `assay import <kind>` sub-command to the `import` command. */
export type RegisterImportKind = (importCommand: Command) => void;

/** Every importer; a new kind is one line here. */
export const importKinds: readonly RegisterImportKind[] = [
  registerOpenAiEvalsImport,
  registerPromptfooImport,
  registerInspectImport,
  registerLmEvalImport,
  registerHumanEvalImport,
];

export function registerImportCommand(program: Command): void {
  const command = program
    .command('import')
    .description("turn other eval tools' files into Assay cases, evals and runs");
  for (const register of importKinds) register(command);
}
