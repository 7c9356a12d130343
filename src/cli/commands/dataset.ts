import { InvalidArgumentError, type Command } from 'commander';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AssayError } from '../../core/errors.js';
import { resolveRunRef } from '../../analysis/run-ref.js';
import type { AllocationMethod } from '../../datasets/build/allocate.js';
import { ALLOCATION_METHODS } from '../../datasets/build/allocate.js';
import { buildFromLogs } from '../../datasets/build/build-from-logs.js';
import { formatBuildReport } from '../../datasets/build/format-build-report.js';
import { checkDataset, markContamination } from '../../datasets/check/check-dataset.js';
import { formatCheckReport } from '../../datasets/check/format-check-report.js';
import { assertCorpusFile, loadCorpusTexts, streamCorpus } from '../../datasets/check/load-corpus.js';
import type { Dataset } from '../../datasets/dataset.js';
import { diffDatasets } from '../../datasets/diff/diff-datasets.js';
import { loadDataset } from '../../datasets/load-dataset.js';
import { describeSkipped, type SkippedCase } from '../../datasets/promote/promote-failures.js';
import { parseLogCondition, promoteFromLogs } from '../../datasets/promote/promote-logs.js';
import { promoteRun } from '../../datasets/promote/promote-run.js';
import { PII_TYPES, type PiiCounts } from '../../core/pii/redact-pii.js';
import { datasetVersion } from '../../datasets/version.js';
import { writeCasesJsonl } from '../../datasets/write-cases-jsonl.js';
import { parsePositiveInt, parseSeed, printJson, readingStore, usingStore, withStoreOption } from '../shared.js';

const list = (v: string, prev: string[] = []) => [
  ...prev,
  ...v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

function parseShare(flag: string) {
  return (v: string) => {
    const n = Number(v);
    if (!(n > 0 && n <= 1)) throw new InvalidArgumentError(`${flag} must be a number in (0, 1], got '${v}'.`);
    return n;
  };
}

function parseAllocation(v: string): AllocationMethod {
  if (!(ALLOCATION_METHODS as readonly string[]).includes(v))
    throw new InvalidArgumentError(`--allocation must be one of ${ALLOCATION_METHODS.join(', ')}, got '${v}'.`);
  return v as AllocationMethod;
}

function parseWholeNumber(flag: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0)
      throw new InvalidArgumentError(`${flag} must be a whole number ≥ 0, got '${v}'.`);
    return n;
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (_error) {
    return false;
  }
}

/** A diff value for a terminal: JSON-quoted so spaces and empties show, `(none)` when absent. */
function showText(v: string | null): string {
  return v === null ? '(none)' : JSON.stringify(v);
}

/** A dataset file, or a dataset version kept in the store. */
async function loadDatasetRef(ref: string, storeFlags: { store?: string }): Promise<Dataset> {
  if (await isFile(ref)) return loadDataset(ref, { baseDir: process.cwd() });
  if (/^[0-9a-f]{12}$/.test(ref)) {
    const found = await usingStore(storeFlags, async (store) => {
      const stored = await store.datasets.get(ref);
      return stored
        ? { name: stored.name, version: stored.version, cases: await store.datasets.listCases(ref) }
        : undefined;
    });
    if (found) return found;
  }
  throw new AssayError('DATASET_NOT_FOUND', `No dataset file or stored dataset version '${ref}'.`, {
    hint: 'Pass a dataset file (JSONL, CSV, YAML, JSON) or a 12-character version from `assay runs --json`.',
  });
}

interface BuildFlags {
  from: string;
  size: number;
  strata: string[];
  allocation: AllocationMethod;
  minPerStratum: number;
  importanceField?: string;
  seed: number;
  nearDupThreshold: number;
  redactPii?: boolean;
  inputField?: string;
  idField?: string;
  feedbackField: string;
  expectedField?: string;
  out: string;
  json?: boolean;
}

function registerBuild(dataset: Command): void {
  dataset
    .command('build')
    .description('build an eval set from production logs: dedup, stratified sampling with weights, coverage report')
    .requiredOption('--from <logs>', 'JSONL or CSV log, one interaction a line')
    .requiredOption('--size <n>', 'cases to sample', parsePositiveInt('--size'))
    .requiredOption('--out <file>', 'where to write the cases (JSONL)')
    // Accepted like every command's, so scripts can pass one --store everywhere; building reads only logs.
    .option('--store <path>', 'where runs are stored (not read by dataset build)')
    .option(
      '--strata <fields>',
      'comma-separated fields that define strata (e.g. intent,language); a field no line has is an error, one missing from most lines a warning',
      list,
      [],
    )
    .option(
      '--allocation <method>',
      'how cases are split over strata, all by traffic (log lines, duplicates included): proportional (to traffic) | equal | ' +
        "neyman (traffic × sqrt(p(1−p)), p = the stratum's negative-feedback rate from --feedback-field; refused without feedback) | " +
        "importance (sqrt(traffic) × (1 + the stratum's mean --importance-field, or its negative-feedback share))",
      parseAllocation,
      'proportional',
    )
    .option('--min-per-stratum <n>', 'floor of cases per stratum', parseWholeNumber('--min-per-stratum'), 0)
    .option(
      '--importance-field <field>',
      'numeric or boolean field whose stratum mean upweights strata (importance allocation)',
    )
    .option('--seed <n>', 'random seed: a whole number from 0 to 4294967295', parseSeed, 1)
    .option(
      '--near-dup-threshold <j>',
      'Jaccard similarity for near-duplicates (1 = exact only)',
      parseShare('--near-dup-threshold'),
      0.8,
    )
    .option('--redact-pii', 'replace emails, phone numbers, card numbers, IBANs, IP and street addresses, before dedup')
    .option('--input-field <field>', 'field holding the input (default: input, prompt, question, query or messages)')
    .option('--id-field <field>', 'field holding the trace id (default: trace_id, traceId, trace or id)')
    .option(
      '--feedback-field <field>',
      'field holding user feedback (read by neyman and importance allocation)',
      'feedback',
    )
    .option('--expected-field <field>', 'field copied to each case as its expected answer')
    .option(
      '--json',
      'print the report as JSON: { strata: [{ key, traffic, population, sampled, certain, weight }], linesInScope, weightTotal, removedDuplicates, redacted, … }',
    )
    .action(async (f: BuildFlags) => {
      const { cases, report } = await buildFromLogs({
        from: f.from,
        size: f.size,
        strata: f.strata,
        allocation: f.allocation,
        minPerStratum: f.minPerStratum,
        importanceField: f.importanceField,
        seed: f.seed,
        nearDuplicateThreshold: f.nearDupThreshold,
        redactPii: f.redactPii,
        inputField: f.inputField,
        idField: f.idField,
        feedbackField: f.feedbackField,
        expectedField: f.expectedField,
      });
      await writeCasesJsonl(f.out, cases);
      // Strata fields missing from most lines go to stderr too, so a script reading --json sees them.
      for (const w of report.fieldWarnings) process.stderr.write(`Warning: ${w}\n`);
      if (f.json) printJson({ ...report, out: f.out, version: datasetVersion(cases) });
      else process.stdout.write(formatBuildReport(report, f.out, { omitWarnings: report.fieldWarnings }));
    });
}

interface CheckFlags {
  against: string[];
  splits: string[];
  prompts: string[];
  ngram: number;
  minOverlap: number;
  commonTexts: number;
  nearDupThreshold: number;
  write?: string;
  strict?: boolean;
  json?: boolean;
  store?: string;
}

function registerCheck(dataset: Command): void {
  withStoreOption(
    dataset
      .command('check <dataset>')
      .description('contamination, duplicates (also across splits), label leakage and balance of an eval set')
      .option(
        '--against <corpus...>',
        'reference corpora: fine-tuning data, few-shot examples, prompts, RAG documents',
        (v: string, p: string[]) => [...p, v],
        [],
      )
      .option(
        '--splits <file...>',
        'other splits (train, dev) to find duplicates across',
        (v: string, p: string[]) => [...p, v],
        [],
      )
      .option(
        '--prompts <file...>',
        'system prompts or few-shot files the expected answers must not appear in',
        (v: string, p: string[]) => [...p, v],
        [],
      )
      .option(
        '--ngram <n>',
        'word n-gram length of the contamination overlap check (exact and whole-text copies are found at any length)',
        parsePositiveInt('--ngram'),
        5,
      )
      .option(
        '--min-overlap <share>',
        "share of a case's n-grams found in a corpus at which it counts as contaminated",
        parseShare('--min-overlap'),
        0.5,
      )
      .option(
        '--common-texts <n>',
        'an n-gram in this many corpus texts or more is a stock phrase, left out of the overlap',
        parsePositiveInt('--common-texts'),
        10,
      )
      .option(
        '--near-dup-threshold <j>',
        'Jaccard similarity for near-duplicates',
        parseShare('--near-dup-threshold'),
        0.8,
      )
      .option(
        '--write <file>',
        'write the cases with metadata.contamination = clean | contaminated, a segment for run summaries',
      )
      .option('--strict', 'exit 1 when contamination, duplicates or leakage are found')
      .option(
        '--json',
        'print { contaminated: [{ caseId, corpus, field, method, overlap, match, line, position }], unchecked: [{ caseId, field, reason }], duplicates: [[caseId, caseId]], leakage: [{ caseId, kind, detail }], warnings, … }',
      ),
  ).action(async (ref: string, f: CheckFlags) => {
    const ds = await loadDatasetRef(ref, f);
    for (const p of f.against) await assertCorpusFile(p);
    const corpora = f.against.map((p) => ({ name: p, texts: streamCorpus(p) }));
    const prompts = await Promise.all(
      f.prompts.map(async (p) => ({ name: p, text: (await loadCorpusTexts(p)).join('\n') })),
    );
    const splits = await Promise.all(
      f.splits.map(async (p) => ({
        name: basename(p).replace(/\.[^.]+$/, ''),
        cases: (await loadDataset(p, { baseDir: process.cwd() })).cases,
      })),
    );
    const report = await checkDataset(ds, {
      corpora,
      splits,
      prompts,
      ngram: f.ngram,
      minOverlap: f.minOverlap,
      commonTexts: f.commonTexts,
      nearDuplicateThreshold: f.nearDupThreshold,
    });
    if (f.write) await writeCasesJsonl(f.write, markContamination(ds.cases, report.contaminated));
    if (f.json) printJson(report);
    else process.stdout.write(formatCheckReport(report));
    if (f.strict && report.contaminated.length + report.duplicates.length + report.leakage.length > 0)
      process.exitCode = 1;
  });
}

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

function registerPromote(dataset: Command): void {
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
        (v: string, p: string[]) => [...p, v],
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
        parseShare('--near-dup-threshold'),
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
      const { traceLogRecords } = await import('../../online/trace-log-records.js');
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
      if (f.json) return printJson({ ...report, alreadyPresent: report.skipped.length });
      const lines = [
        `Promoted ${report.added.length} case(s) from the stored traces to ${report.to}: ${report.selected} of ${report.lines} traces matched ${report.where.join(' and ')}.`,
      ];
      lines.push(...promoteDetails(report.skipped, f.verbose ?? false));
      if (report.redacted.enabled) lines.push(`  Redacted PII before dedup: ${describePii(report.redacted)}.`);
      if (report.issues.length > 0)
        lines.push(
          `  ${report.issues.length} trace(s) skipped (without an input):`,
          ...report.issues.slice(0, 5).map((i) => `    ${i.path}: ${i.message}`),
        );
      process.stdout.write(`${lines.join('\n')}\n`);
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
      if (f.json) return printJson({ ...report, alreadyPresent: report.skipped.length });
      const lines = [
        `Promoted ${report.added.length} case(s) from ${report.from} to ${report.to}: ${report.selected} of ${report.lines} lines matched ${report.where.join(' and ')}.`,
      ];
      lines.push(...promoteDetails(report.skipped, f.verbose ?? false));
      if (report.redacted.enabled) lines.push(`  Redacted PII before dedup: ${describePii(report.redacted)}.`);
      if (report.issues.length > 0)
        lines.push(
          `  ${report.issues.length} line(s) skipped (unreadable or without an input):`,
          ...report.issues.slice(0, 5).map((i) => `    ${i.path}: ${i.message}`),
        );
      process.stdout.write(`${lines.join('\n')}\n`);
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

function registerDiff(dataset: Command): void {
  withStoreOption(
    dataset
      .command('diff <a> <b>')
      .description('cases added, removed and changed between two dataset versions (files or stored versions)')
      .option(
        '--max-value-length <n>',
        'longest old or new value shown per change',
        parsePositiveInt('--max-value-length'),
        80,
      )
      .option(
        '--json',
        'print { a, b, same, added, removed, changed: [{ id, fields, changes: [{ field, before, after }] }], unchanged }',
      ),
  ).action(async (a: string, b: string, f: { json?: boolean; store?: string; maxValueLength: number }) => {
    const d = diffDatasets(await loadDatasetRef(a, f), await loadDatasetRef(b, f), {
      maxValueLength: f.maxValueLength,
    });
    if (f.json) return printJson(d);
    const lines = [`${a} (${d.a.version}, ${d.a.cases} cases) → ${b} (${d.b.version}, ${d.b.cases} cases)`];
    if (d.same) lines.push('Same content: no change.');
    else {
      lines.push(
        `${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed, ${d.unchanged} unchanged`,
      );
      for (const id of d.added) lines.push(`  + ${id}`);
      for (const id of d.removed) lines.push(`  - ${id}`);
      for (const c of d.changed) {
        lines.push(`  ~ ${c.id} (${c.fields.join(', ')})`);
        for (const ch of c.changes) lines.push(`      ${ch.field}: ${showText(ch.before)} → ${showText(ch.after)}`);
      }
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}

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
