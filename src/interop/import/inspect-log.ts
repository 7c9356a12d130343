import { AssayError } from '../../core/errors.js';
import type { Case, Score, TargetOutput } from '../../core/types.js';
import { CaseCollector } from '../../datasets/case-collector.js';
import { ImportReport } from './import-report.js';
import { chatMessages, flatMetadata, messageText, numericScore, readInput } from './import-helpers.js';
import type { ImportedRun, ImportedTrial } from './store-imported-run.js';

interface InspectSample {
  id?: string | number;
  epoch?: number;
  input?: unknown;
  target?: unknown;
  metadata?: unknown;
  output?: {
    model?: string;
    choices?: { message?: { content?: unknown } }[];
    usage?: { input_tokens?: number; output_tokens?: number; total_tokens?: number };
    time?: number;
  };
  scores?: Record<string, { value?: unknown; answer?: unknown; explanation?: unknown }>;
  error?: { message?: string } | string | null;
  total_time?: number;
}

interface InspectLog {
  status?: string;
  eval?: { task?: string; model?: string; created?: string };
  samples?: InspectSample[];
}

/** Inspect's letter grades: correct, incorrect, partially correct, no answer. */
const LETTERS: Record<string, { value: number; pass: boolean; label: string }> = {
  C: { value: 1, pass: true, label: 'correct' },
  I: { value: 0, pass: false, label: 'incorrect' },
  P: { value: 0.5, pass: false, label: 'partial' },
  N: { value: 0, pass: false, label: 'noanswer' },
};

/**
 * An Inspect eval log in its JSON form (`inspect eval … --log-format json`, or `inspect log
 * convert --to json`) as a run: each sample × epoch is a trial, each scorer a grader.
 */
export async function readInspectLog(file: string): Promise<{ run: ImportedRun; report: ImportReport }> {
  const report = new ImportReport();
  let log: InspectLog;
  try {
    log = JSON.parse(await readInput(file, 'Inspect log')) as InspectLog;
  } catch (error) {
    if (error instanceof AssayError) throw error;
    throw new AssayError('IMPORT_INVALID', `${file} is not JSON: ${(error as Error).message}`, {
      hint: 'Pass an Inspect log in JSON form; convert a binary .eval log with `inspect log convert --to json`.',
    });
  }
  if (!Array.isArray(log.samples) || typeof log.eval !== 'object') {
    throw new AssayError('IMPORT_INVALID', `${file} has no eval header or no samples.`, {
      hint: 'Pass a full Inspect eval log (with samples), not a header-only or summary file.',
    });
  }
  if (log.status && log.status !== 'success')
    report.note(file, `the log's status is '${log.status}'; importing the samples it has`);
  const collector = new CaseCollector(file);
  const seen = new Set<string>();
  const trials: ImportedTrial[] = [];
  log.samples.forEach((s, i) => {
    const where = `${file}: samples[${i}]`;
    if (s.id === undefined) {
      report.note(where, 'sample has no id; skipped');
      return;
    }
    const caseId = String(s.id);
    if (!seen.has(caseId)) {
      seen.add(caseId);
      const input = typeof s.input === 'string' ? s.input : chatMessages(s.input, where, report);
      if (input === undefined) report.note(where, 'input is neither text nor chat messages; kept as given');
      collector.add(
        { id: caseId, input: input ?? s.input, expected: s.target, metadata: flatMetadata(s.metadata, where, report) },
        where,
      );
    }
    trials.push(sampleTrial(s, caseId, where, report));
  });
  const cases: Case[] = collector.finish();
  return {
    report,
    run: {
      eval: log.eval.task ?? 'inspect',
      source: 'inspect',
      file,
      model: log.eval.model ?? null,
      startedAt: log.eval.created ? new Date(log.eval.created).toISOString() : new Date().toISOString(),
      cases,
      trials,
    },
  };
}

function sampleTrial(s: InspectSample, caseId: string, where: string, report: ImportReport): ImportedTrial {
  const scores: Score[] = [];
  for (const [grader, score] of Object.entries(s.scores ?? {})) {
    const letter = typeof score?.value === 'string' ? LETTERS[score.value] : undefined;
    const mapped = letter ?? numericScore(score?.value, `${where} scores.${grader}`, report);
    if (!mapped) continue;
    const reason = typeof score.explanation === 'string' ? score.explanation : undefined;
    scores.push({ grader, ...mapped, ...(reason ? { reason } : {}) });
  }
  const error = typeof s.error === 'string' ? s.error : (s.error?.message ?? null);
  const choice = s.output?.choices?.[0]?.message?.content;
  const usage = s.output?.usage;
  const output: TargetOutput | null =
    error && choice === undefined
      ? null
      : {
          text: messageText(choice, `${where} output`, report),
          ...(s.output?.model ? { model: s.output.model } : {}),
          ...(usage
            ? {
                usage: {
                  inputTokens: usage.input_tokens,
                  outputTokens: usage.output_tokens,
                  totalTokens: usage.total_tokens,
                },
              }
            : {}),
        };
  const seconds = s.total_time ?? s.output?.time;
  return {
    caseId,
    repeat: Math.max(0, (s.epoch ?? 1) - 1),
    output,
    error,
    scores,
    ...(typeof seconds === 'number' ? { latencyMs: seconds * 1000 } : {}),
  };
}
