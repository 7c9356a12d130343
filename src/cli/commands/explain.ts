import type { Command } from 'commander';
import { AssayError } from '../../core/errors.js';
import type { Case, TargetOutput } from '../../core/types.js';
import { explainJudge, SAMPLE_CASE, SAMPLE_OUTPUT } from '../../graders/judge/explain-judge.js';
import { isJudgeType, type JudgeGraderSpec } from '../../graders/judge/judge-graders.js';
import { contextPassages } from '../../graders/judge/prompt-parts.js';

interface ExplainFlags {
  readonly eval?: string;
  readonly case?: string;
  readonly output?: string;
}

/** `assay explain <grader> [--eval file]`: prints a judge's full prompt with a sample case. */
export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description("print a judge grader's full prompt for a sample case")
    .argument('<grader>', 'a grader name from --eval, or a judge type such as judge.faithfulness')
    .option('--eval <file>', 'take the grader (and the sample case) from this eval file')
    .option('--case <id>', 'with --eval: the case to show (default: the first)')
    .option('--output <text>', 'the output to show as graded (default: a placeholder)')
    // Accepted like every command's, so scripts can pass one --store everywhere; explaining reads no runs.
    .option('--store <path>', 'where runs are stored (not read by explain)')
    .action(async (grader: string, flags: ExplainFlags) => {
      if (!flags.eval) {
        if (!isJudgeType(grader)) {
          throw new AssayError('NOT_A_JUDGE', `'${grader}' is not a judge type.`, {
            hint: 'Pass a judge type (judge.classify, judge.rubric, judge.pairwise, judge.factuality, judge.faithfulness, judge.answerRelevance, judge.contextRecall), or a grader name with --eval <file>.',
          });
        }
        const output = flags.output === undefined ? SAMPLE_OUTPUT : { ...SAMPLE_OUTPUT, text: flags.output };
        process.stdout.write(explainJudge({ type: grader }, SAMPLE_CASE, output, process.env));
        return;
      }
      const { loadEvalFile } = await import('../../config/load-eval-file.js');
      const { loadDataset } = await import('../../datasets/load-dataset.js');
      const loaded = await loadEvalFile(flags.eval);
      const def = loaded.definition;
      const specs = def.graders.filter(
        (g): g is JudgeGraderSpec => typeof (g as { type?: unknown }).type === 'string',
      ) as JudgeGraderSpec[];
      const found = specs.find((s) => (s.name ?? s.type) === grader) ?? specs.find((s) => s.type === grader);
      if (!found) {
        throw new AssayError('GRADER_NOT_FOUND', `${flags.eval} has no grader '${grader}'.`, {
          hint: `Its graders: ${specs.map((s) => s.name ?? s.type).join(', ') || 'none written as specs'}.`,
        });
      }
      const spec =
        found.type === 'hybrid' && typeof found.judge === 'object' && found.judge !== null
          ? { name: `${found.name ?? 'hybrid'}.judge`, ...(found.judge as JudgeGraderSpec) }
          : found;
      if (def.dataset === undefined)
        throw new AssayError('EVAL_ONLINE_ONLY', `${def.name} is an online eval: it has no dataset.`, {
          hint: 'See `assay online status`.',
        });
      const dataset = await loadDataset(def.dataset, {
        baseDir: loaded.baseDir,
        ...(typeof def.dataset !== 'string' && { name: def.name }),
      });
      const testCase: Case | undefined = flags.case ? dataset.cases.find((c) => c.id === flags.case) : dataset.cases[0];
      if (!testCase) {
        throw new AssayError(
          'CASE_NOT_FOUND',
          flags.case ? `Dataset ${dataset.name} has no case '${flags.case}'.` : `Dataset ${dataset.name} has no cases.`,
          { hint: 'Pick a case id from the dataset with --case.' },
        );
      }
      const output: TargetOutput = {
        text: flags.output ?? '<the output of the target for this case>',
        context: contextPassages(testCase, {}) ?? ['<the passages the target retrieved for this case>'],
      };
      process.stdout.write(explainJudge(spec, testCase, output, process.env));
    });
}
