import type { Command } from 'commander';
import { resolveRunRef } from '../../../analysis/run-ref.js';
import { AssayError } from '../../../core/errors.js';
import { PII_TYPES, type PiiCounts } from '../../../core/pii/redact-pii.js';
import { describeSkipped, type SkippedCase } from '../../../datasets/promote/promote-failures.js';
import { parseLogCondition, promoteFromLogs } from '../../../datasets/promote/promote-logs.js';
import { promoteRun } from '../../../datasets/promote/promote-run.js';
import { collect, parseShare, printJson, readingStore, usingStore, withStoreOption } from '../../shared.js';

interface PromoteFlags {
  failed?: boolean;
  grader?: string;
  to: string;
  nearDupThreshold: number;
  json?: boolean;
  verbose?: boolean;
  store?: string;
  fromLogs?: string;
  fromTraces?: boolean;
  where: string[];
  feedbackField: string;
  inputField?: string;
  idField?: string;
  expectedField?: string;
  redactPii?: boolean;
}

const PROMOTE_HELP = `
Two sources of failures:
  assay dataset promote <runId> [--failed] [--grader <name>] --to regression.jsonl
      a run's failed trials (a target error or a failed score; --grader judges on one grader only)
  assay dataset promote --from-traces [--where feedback=down] [--redact-pii] --to regression.jsonl
      the traces ingested into the store, each with its latest feedback (feedback = up/down,
      feedbackScore, feedbackComment) and its metadata; source = the trace id.
  assay dataset promote --from-logs logs.jsonl [--where feedback=negative] --to regression.jsonl
      production log or trace lines (JSONL or CSV, read like \`dataset build --from\`) that meet
      every --where condition: field=value or field!=value, compared as text without case; on
      the feedback field (--feedback-field) a polarity word matches every spelling of it
      (negative = down, thumbs_down, bad, 0, false…). Without --where: <feedback-field>=negative.
      Each case keeps its provenance: source = the trace id, or file:line.

Cases already in --to (same id, the same input, or a near-duplicate input) are skipped and
counted; --verbose lists them, --json has them in \`skipped\`.`;

export function registerPromote(dataset: Command): void {
  withStoreOption(
    dataset
      .command('promote [runId]')
      .description(
        'turn failures from a run or from production logs into regression cases with provenance, skipping ones already there',
      )
      .requiredOption('--to <file>', 'regression set (JSONL) to append to')
      .option(
        '--failed',
        'only failed trials (a target error or a failed score; a grader error alone is not a failure)',
      )
      .option('--grader <name>', "judge failure on this grader only (one of the run's graders)")
      .option(
        '--from-logs <file>',
        'promote failures from a production log or trace file (JSONL or CSV) instead of a run',
      )
      .option(
        '--from-traces',
        'promote from the traces ingested into the store (`assay ingest`, /v1/traces), joined to their feedback',
      )
      .option(
        '--where <field=value>',
        'with --from-logs or --from-traces: lines to promote (repeatable, all must hold; default <feedback-field>=negative)',
        collect,
        [],
      )
      .option('--feedback-field <field>', 'with --from-logs: field holding user feedback', 'feedback')
      .option(
        '--input-field <field>',
        'with --from-logs: field holding the input (default: input, prompt, question, query or messages)',
      )
      .option(
        '--id-field <field>',
        'with --from-logs: field holding the trace id (default: trace_id, traceId, trace or id)',
      )
      .option('--expected-field <field>', "with --from-logs: field copied to each case's expected answer")
      .option(
        '--near-dup-threshold <j>',
        'Jaccard similarity above which a case counts as already present',
        parseShare('--near-dup-threshold', { aboveZero: true }),
        0.8,
      )
      .option(
        '--redact-pii',
        'replace emails, phone numbers, card numbers, IBANs, IP and street addresses before dedup and writing',
      )
      .option('--verbose', 'list every case skipped as already present')
      .option(
        '--json',
        'print { runId, to, selected, added, skipped: [{ caseId, duplicateOf, kind }], missingCases, … }; from logs also { from, where, lines, issues }',
      )
      .addHelpText('after', PROMOTE_HELP),
  ).action(async (ref: string | undefined, f: PromoteFlags) => {
    if (f.fromTraces) {
      if (ref !== undefined || f.fromLogs !== undefined)
        throw new AssayError('PROMOTE_SOURCE', 'Pass one source: a run, --from-logs or --from-traces.', {
          hint: 'assay dataset promote --from-traces --where feedback=down --to regression.jsonl',
        });
      const { traceLogRecords } = await import('../../../online/trace-log-records.js');
      const report = await readingStore(f, (store) =>
        promoteFromLogs({
          from: 'traces',
          records: traceLogRecords(store),
          where: f.where.map(parseLogCondition),
          to: f.to,
          nearDuplicateThreshold: f.nearDupThreshold,
          feedbackField: 'feedback',
          idField: 'traceId',
          expectedField: f.expectedField,
          redactPii: f.redactPii,
        }),
      );
      printLogsReport(report, f, {
        source: 'the stored traces',
        unit: 'traces',
        skipped: 'trace(s) skipped (without an input)',
      });
      return;
    }
    if ((ref === undefined) === (f.fromLogs === undefined)) {
      throw new AssayError(
        'PROMOTE_SOURCE',
        ref === undefined
          ? 'Name a run to promote from, or pass --from-logs <file>.'
          : 'Pass either a run or --from-logs, not both.',
        {
          hint: 'assay dataset promote <runId> --failed --to regression.jsonl, or assay dataset promote --from-logs logs.jsonl --where feedback=negative --to regression.jsonl',
        },
      );
    }
    if (f.fromLogs !== undefined) {
      if (f.grader !== undefined)
        throw new AssayError('PROMOTE_SOURCE', '--grader applies to a run, not to --from-logs.', {
          hint: 'Select log lines with --where field=value.',
        });
      const report = await promoteFromLogs({
        from: f.fromLogs,
        where: f.where.map(parseLogCondition),
        to: f.to,
        nearDuplicateThreshold: f.nearDupThreshold,
        feedbackField: f.feedbackField,
        inputField: f.inputField,
        idField: f.idField,
        expectedField: f.expectedField,
        redactPii: f.redactPii,
      });
      printLogsReport(report, f, {
        source: report.from,
        unit: 'lines',
        skipped: 'line(s) skipped (unreadable or without an input)',
      });
      return;
    }
    if (f.where.length > 0)
      throw new AssayError('PROMOTE_SOURCE', '--where applies to --from-logs, not to a run.', {
        hint: "Select a run's failures with --failed and --grader.",
      });
    const report = await usingStore(f, async (store) => {
      const run = await resolveRunRef(store, ref as string);
      return promoteRun(store, run.runId, {
        failedOnly: f.failed ?? false,
        grader: f.grader,
        to: f.to,
        nearDuplicateThreshold: f.nearDupThreshold,
        redactPii: f.redactPii,
      });
    });
    if (f.json) return printJson({ ...report, alreadyPresent: report.skipped.length });
    const lines = [`Promoted ${report.added.length} case(s) from ${report.runId} to ${report.to}.`];
    lines.push(...promoteDetails(report.skipped, f.verbose ?? false));
    if (report.graderErrorsOnly.length > 0) {
      lines.push(
        `  ${report.graderErrorsOnly.length} case(s) not promoted: their only failure was a grader error (${report.graderErrorsOnly.slice(0, 5).join(', ')}); rerun the grader to judge them.`,
      );
    }
    if (report.redacted.enabled) lines.push(`  Redacted PII before dedup: ${describePii(report.redacted)}.`);
    if (report.missingCases.length > 0)
      lines.push(
        `  ${report.missingCases.length} case(s) not found in the stored dataset: ${report.missingCases.slice(0, 5).join(', ')}`,
      );
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}

/** What `promote --from-logs` and `--from-traces` print: JSON, or the counts and what was skipped. */
function printLogsReport(
  report: LogsPromoteReport,
  f: PromoteFlags,
  words: { readonly source: string; readonly unit: string; readonly skipped: string },
): void {
  if (f.json) return printJson({ ...report, alreadyPresent: report.skipped.length });
  const lines = [
    `Promoted ${report.added.length} case(s) from ${words.source} to ${report.to}: ${report.selected} of ${report.lines} ${words.unit} matched ${report.where.join(' and ')}.`,
  ];
  lines.push(...promoteDetails(report.skipped, f.verbose ?? false));
  if (report.redacted.enabled) lines.push(`  Redacted PII before dedup: ${describePii(report.redacted)}.`);
  if (report.issues.length > 0)
    lines.push(
      `  ${report.issues.length} ${words.skipped}:`,
      ...report.issues.slice(0, 5).map((i) => `    ${i.path}: ${i.message}`),
    );
  process.stdout.write(`${lines.join('\n')}\n`);
}

type LogsPromoteReport = Awaited<ReturnType<typeof promoteFromLogs>>;

/** `2 email, 1 phone` or `none found`. */
function describePii(counts: PiiCounts): string {
  const parts = PII_TYPES.filter((t) => counts[t] > 0).map((t) => `${counts[t]} ${t}`);
  return parts.length > 0 ? parts.join(', ') : 'none found';
}

/** `2 already present (…), skipped`, and one line per skipped case with --verbose. */
function promoteDetails(skipped: readonly SkippedCase[], verbose: boolean): string[] {
  if (skipped.length === 0) return [];
  const out = [`  ${describeSkipped(skipped)}${verbose ? ':' : ' (--verbose lists them).'}`];
  if (verbose)
    for (const s of skipped)
      out.push(
        `    ${s.caseId}: ${s.kind === 'id' ? 'same id' : `${s.kind === 'exact' ? 'same input as' : 'near-duplicate of'} ${s.duplicateOf}`}`,
      );
  return out;
}
