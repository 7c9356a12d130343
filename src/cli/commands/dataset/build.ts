import { InvalidArgumentError, type Command } from 'commander';
import type { AllocationMethod } from '../../../datasets/build/allocate.js';
import { ALLOCATION_METHODS } from '../../../datasets/build/allocate.js';
import { buildFromLogs } from '../../../datasets/build/build-from-logs.js';
import { formatBuildReport } from '../../../datasets/build/format-build-report.js';
import { datasetVersion } from '../../../datasets/version.js';
import { writeCasesJsonl } from '../../../datasets/write-cases-jsonl.js';
import { collectList, parsePositiveInt, parseSeed, parseShare, parseWholeNumber, printJson } from '../../shared.js';

function parseAllocation(v: string): AllocationMethod {
  if (!(ALLOCATION_METHODS as readonly string[]).includes(v))
    throw new InvalidArgumentError(`--allocation must be one of ${ALLOCATION_METHODS.join(', ')}, got '${v}'.`);
  return v as AllocationMethod;
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

export function registerBuild(dataset: Command): void {
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
      collectList,
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
      parseShare('--near-dup-threshold', { aboveZero: true }),
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
