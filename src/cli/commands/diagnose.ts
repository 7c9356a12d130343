import { InvalidArgumentError, type Command } from 'commander';
import { resolveRunRef } from '../../analysis/run-ref.js';
import { diagnoseStoredRun } from '../../analysis/diagnose-stored-run.js';
import { formatDiagnoseReport } from '../../datasets/diagnose/format-diagnose-report.js';
import { AssayError } from '../../core/errors.js';
import { parseLogCondition } from '../../datasets/promote/promote-logs.js';
import { collect, collectList, parsePositiveInt, printJson, readingStore, withStoreOption } from '../shared.js';
import { parseSince, trafficRecords } from '../traffic-records.js';

interface DiagnoseFlags {
  logs?: string;
  traffic?: boolean;
  since?: string;
  where: string[];
  strata: string[];
  map: string[];
  inputField?: string;
  feedbackField: string;
  minCases: number;
  json?: boolean;
  store?: string;
}

/** `assay diagnose <runId> --logs logs.jsonl | --traffic`: "95% but users complain". */
export function registerDiagnoseCommand(program: Command): void {
  withStoreOption(
    program
      .command('diagnose <runId>')
      .description(
        "compare a run's eval set with production logs or ingested traffic: reweighted pass rate, weak segments, grader agreement with user feedback",
      )
      .option('--logs <file>', 'production log (JSONL or CSV)')
      .option('--traffic', "use the traces ingested into the store (assay ui, assay ingest) as production's profile")
      .option(
        '--since <time>',
        'with --traffic: only traces from this time on (ISO date, or a span back from now: 24h, 7d)',
      )
      .option(
        '--where <field=value>',
        'with --traffic: only traces meeting this (repeatable, all must hold; e.g. user.tier=pro, feedback=down)',
        collect,
        [],
      )
      .option(
        '--strata <fields>',
        'fields crossed into the strata of the production mix (default: each segment field of the cases found in the logs on its own)',
        collectList,
        [],
      )
      .option(
        '--map <eval=logs>',
        'join a segment field the logs name differently, e.g. --map intent=category (repeatable)',
        collect,
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
    if ((f.logs === undefined) === (f.traffic !== true))
      throw new AssayError('DIAGNOSE_SOURCE', 'Pass one production source: --logs <file> or --traffic.', {
        hint: 'assay diagnose <run> --logs logs.jsonl, or assay diagnose <run> --traffic [--since 7d] [--where user.tier=pro]',
      });
    if (f.logs !== undefined && (f.since !== undefined || f.where.length > 0))
      throw new AssayError('DIAGNOSE_SOURCE', '--since and --where select ingested traces: use them with --traffic.', {
        hint: 'Filter a log file before passing it to --logs.',
      });
    const report = await readingStore(f, async (store) => {
      const run = await resolveRunRef(store, ref);
      const traffic = f.traffic
        ? await trafficRecords(store, {
            since: f.since === undefined ? undefined : parseSince(f.since),
            where: f.where.map(parseLogCondition),
            feedbackField: f.feedbackField,
          })
        : undefined;
      return diagnoseStoredRun(store, run.runId, {
        logs: traffic?.label ?? f.logs!,
        records: traffic?.records,
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
