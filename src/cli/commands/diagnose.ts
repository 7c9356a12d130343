import { InvalidArgumentError, type Command } from 'commander';
import { resolveRunRef } from '../../analysis/run-ref.js';
import { diagnoseStoredRun } from '../../analysis/diagnose-stored-run.js';
import { formatDiagnoseReport } from '../../datasets/diagnose/format-diagnose-report.js';
import { parsePositiveInt, printJson, readingStore, withStoreOption } from '../shared.js';

interface DiagnoseFlags {
  logs: string;
  strata: string[];
  map: string[];
  inputField?: string;
  feedbackField: string;
  minCases: number;
  json?: boolean;
  store?: string;
}

/** `assay diagnose <runId> --logs logs.jsonl`: "95% but users complain". */
export function registerDiagnoseCommand(program: Command): void {
  withStoreOption(
    program
      .command('diagnose <runId>')
      .description(
        "compare a run's eval set with production logs: reweighted pass rate, weak segments, grader agreement with user feedback",
      )
      .requiredOption('--logs <file>', 'production log (JSONL or CSV)')
      .option(
        '--strata <fields>',
        'fields crossed into the strata of the production mix (default: each segment field of the cases found in the logs on its own)',
        (v: string, p: string[]) => [
          ...p,
          ...v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        ],
        [],
      )
      .option(
        '--map <eval=logs>',
        'join a segment field the logs name differently, e.g. --map intent=category (repeatable)',
        (v: string, p: string[]) => [...p, v],
        [],
      )
      .option(
        '--input-field <field>',
        'log field holding the input text (default: input, prompt, question, query or messages)',
      )
      .option('--feedback-field <field>', 'field holding user feedback', 'feedback')
      .option(
        '--min-cases <n>',
        'segments with fewer cases are not ranked among the weakest',
        parsePositiveInt('--min-cases'),
        10,
      )
      .option(
        '--json',
        'print the report as JSON (warnings in `warnings`; why no feedback agreement in `feedbackJoin.reason`)',
      ),
  ).action(async (ref: string, f: DiagnoseFlags) => {
    const report = await readingStore(f, async (store) => {
      const run = await resolveRunRef(store, ref);
      return diagnoseStoredRun(store, run.runId, {
        logs: f.logs,
        strata: f.strata.length > 0 ? f.strata : undefined,
        feedbackField: f.feedbackField,
        minCases: f.minCases,
        map: parseFieldMap(f.map),
        inputField: f.inputField,
      });
    });
    if (f.json) printJson(report);
    else process.stdout.write(formatDiagnoseReport(report));
  });
}

/** `--map intent=category` pairs as { intent: 'category' }. */
function parseFieldMap(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const m = /^([^=]+)=([^=]+)$/.exec(p.trim());
    if (!m) throw new InvalidArgumentError(`--map must be <eval field>=<log field>, got '${p}'.`);
    out[m[1].trim()] = m[2].trim();
  }
  return out;
}
