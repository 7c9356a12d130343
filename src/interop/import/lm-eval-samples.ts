import { basename } from 'node:path';
import type { Score, TargetOutput } from '../../core/types.js';
import { CaseCollector } from '../../datasets/case-collector.js';
import { ImportReport } from './import-report.js';
import { jsonLines, numericScore, readInput } from './import-helpers.js';
import type { ImportedRun, ImportedTrial } from './store-imported-run.js';

interface LmEvalSample {
  doc_id?: number | string;
  doc?: unknown;
  target?: unknown;
  arguments?: unknown;
  filtered_resps?: unknown;
  filter?: string;
  metrics?: string[];
  [metric: string]: unknown;
}

/** The prompt of a request: `arguments` is `[[prompt, …], …]` in older logs, `{gen_args_0: {arg_0: prompt}}` in newer ones. */
function promptOf(args: unknown): string | undefined {
  const first = Array.isArray(args) ? args[0] : args && typeof args === 'object' ? Object.values(args)[0] : undefined;
  const prompt = Array.isArray(first)
    ? first[0]
    : first && typeof first === 'object'
      ? (first as { arg_0?: unknown }).arg_0
      : undefined;
  return typeof prompt === 'string' ? prompt : undefined;
}

function outputOf(resps: unknown): TargetOutput {
  const first = Array.isArray(resps) ? resps[0] : resps;
  return typeof first === 'string' ? { text: first } : { value: resps };
}

/**
 * lm-evaluation-harness per-sample output (`--log_samples`, `samples_<task>_<time>.jsonl`) as
 * a run: each document is a case (its prompt the input, its target the expected answer) and
 * each metric a grader. Lines for the same document under several filters (`strict-match`,
 * `flexible-extract`) are one trial with a grader per metric and filter.
 */
export async function readLmEvalSamples(
  file: string,
  options: { task?: string; model?: string } = {},
): Promise<{ run: ImportedRun; report: ImportReport }> {
  const report = new ImportReport();
  const collector = new CaseCollector(file);
  const trials = new Map<string, { output: TargetOutput; scores: Score[] }>();
  for (const { line, value } of jsonLines(await readInput(file, 'lm-eval samples file'), file, report)) {
    const where = `${file}:${line}`;
    const s = value as LmEvalSample;
    if (s === null || typeof s !== 'object' || s.doc_id === undefined) {
      report.note(where, 'no doc_id; line skipped');
      continue;
    }
    const caseId = String(s.doc_id);
    if (!trials.has(caseId)) {
      const prompt = promptOf(s.arguments);
      if (prompt === undefined) report.note(where, 'no prompt in arguments; the input is the document');
      collector.add({ id: caseId, input: prompt ?? s.doc ?? '', expected: s.target }, where);
      trials.set(caseId, { output: outputOf(s.filtered_resps), scores: [] });
    }
    const trial = trials.get(caseId)!;
    const suffix = s.filter && s.filter !== 'none' ? `,${s.filter}` : '';
    for (const metric of s.metrics ?? []) {
      const score = numericScore(s[metric], `${where} ${metric}`, report);
      if (score) trial.scores.push({ grader: `${metric}${suffix}`, ...score });
    }
  }
  const task =
    options.task ??
    /^samples_(.+?)_\d{4}-\d{2}-\d{2}T/.exec(basename(file))?.[1] ??
    basename(file).replace(/\.jsonl$/, '');
  const imported: ImportedTrial[] = [...trials].map(([caseId, t]) => ({
    caseId,
    repeat: 0,
    output: t.output,
    error: null,
    scores: t.scores,
  }));
  return {
    report,
    run: {
      eval: task,
      source: 'lm-eval',
      file,
      model: options.model ?? null,
      startedAt: new Date().toISOString(),
      cases: collector.finish(),
      trials: imported,
    },
  };
}
