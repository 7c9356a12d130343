import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { writeCasesJsonl } from '../../datasets/write-cases-jsonl.js';
import { withStoreOption } from '../shared.js';
import { printImportReport, storeRunFromLog } from '../import-output.js';

export function registerOpenAiEvalsImport(parent: Command): void {
  parent
    .command('openai-evals')
    .description('OpenAI Evals samples (JSONL of { input: chat messages, ideal }) as cases')
    .argument('<samples.jsonl>', 'the samples file')
    .requiredOption('--out <cases.jsonl>', 'where to write the cases')
    .action(async (file: string, flags: { out: string }) => {
      const { importOpenAiEvals } = await import('../../interop/import/openai-evals.js');
      const { cases, report } = await importOpenAiEvals(file);
      await writeCasesJsonl(flags.out, cases);
      process.stdout.write(`Imported ${cases.length} cases to ${flags.out}.\n`);
      printImportReport(report);
    });
}

export function registerPromptfooImport(parent: Command): void {
  parent
    .command('promptfoo')
    .description('a promptfoo config (prompts, providers, tests) as Assay eval YAML files and a dataset')
    .argument('<promptfooconfig.yaml>', 'the promptfoo config')
    .requiredOption('--out-dir <folder>', 'where to write cases.jsonl and the *.eval.yaml files')
    .action(async (file: string, flags: { outDir: string }) => {
      const { importPromptfooConfig } = await import('../../interop/import/promptfoo-config.js');
      const { evals, cases, report } = await importPromptfooConfig(file);
      await mkdir(flags.outDir, { recursive: true });
      await writeFile(join(flags.outDir, 'cases.jsonl'), cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
      const written: string[] = [];
      for (const ev of evals) {
        const path = join(flags.outDir, `${ev.name}.eval.yaml`);
        await writeFile(
          path,
          stringify({ name: ev.name, dataset: './cases.jsonl', target: ev.target, graders: ev.graders }),
        );
        written.push(path);
      }
      process.stdout.write(
        `Imported ${cases.length} tests to ${join(flags.outDir, 'cases.jsonl')} and ${written.length} eval file(s): ${written.join(', ')}.\n`,
      );
      printImportReport(report);
      if (written.length > 0) process.stdout.write(`Next: assay run ${written[0]}\n`);
    });
}

export function registerInspectImport(parent: Command): void {
  withStoreOption(
    parent
      .command('inspect')
      .description('an Inspect eval log (JSON) as a stored run: outputs and scores replayed')
      .argument('<log.json>', 'the eval log, in JSON form'),
  ).action(async (file: string, flags: { store?: string }) => {
    const { readInspectLog } = await import('../../interop/import/inspect-log.js');
    const { run, report } = await readInspectLog(file);
    await storeRunFromLog(flags, run, report);
  });
}

export function registerLmEvalImport(parent: Command): void {
  withStoreOption(
    parent
      .command('lm-eval')
      .description('lm-evaluation-harness --log_samples output (samples_<task>_<time>.jsonl) as a stored run')
      .argument('<samples.jsonl>', 'the per-sample log')
      .option('--task <name>', 'the eval name (default: the task in the file name)')
      .option('--model <name>', 'the model that produced the outputs (the samples file does not say)'),
  ).action(async (file: string, flags: { store?: string; task?: string; model?: string }) => {
    const { readLmEvalSamples } = await import('../../interop/import/lm-eval-samples.js');
    const { run, report } = await readLmEvalSamples(file, flags);
    await storeRunFromLog(flags, run, report);
  });
}
