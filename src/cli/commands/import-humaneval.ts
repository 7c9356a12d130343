import type { Command } from 'commander';

interface ImportHumanEvalFlags {
  readonly out: string;
  readonly solutions?: string;
}

/** `assay import humaneval <file.jsonl[.gz]> --out cases.jsonl [--solutions replay.jsonl]`. */
export function registerHumanEvalImport(parent: Command): void {
  parent
    .command('humaneval')
    .description('HumanEval-format problems (task_id, prompt, canonical_solution, test, entry_point) as cases')
    .argument('<file>', 'HumanEval.jsonl or HumanEval.jsonl.gz')
    .requiredOption('--out <cases.jsonl>', 'where to write the cases')
    .option('--solutions <replay.jsonl>', 'also write the canonical solutions as a replay file')
    .action(async (file: string, flags: ImportHumanEvalFlags) => {
      const { importHumanEval } = await import('../../interop/humaneval/import-humaneval.js');
      const { cases } = await importHumanEval(file, flags.out, flags.solutions);
      const extra = flags.solutions ? ` and ${cases.length} canonical solutions to ${flags.solutions}` : '';
      process.stdout.write(
        `Imported ${cases.length} problems to ${flags.out}${extra}.\n` +
          'Grade them with { type: code, language: python, harness: humaneval }.\n',
      );
    });
}
