import type { Case } from '../../core/types.js';
import { CaseCollector } from '../../datasets/case-collector.js';
import { ImportReport } from './import-report.js';
import { chatMessages, flatMetadata, jsonLines, readInput } from './import-helpers.js';

/**
 * OpenAI Evals samples (`{"input": [chat messages], "ideal": "answer" | ["answers"]}` a line)
 * as Assay cases: `input` stays a conversation, `ideal` becomes `expected` (a list of
 * acceptable answers stays a list, which `exact` and `includes-any` accept). Other fields
 * become metadata when they are flat.
 */
export async function importOpenAiEvals(file: string): Promise<{ cases: Case[]; report: ImportReport }> {
  const report = new ImportReport();
  const collector = new CaseCollector(file);
  for (const { line, value } of jsonLines(await readInput(file, 'samples file'), file, report)) {
    const where = `${file}:${line}`;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      report.note(where, 'not a JSON object; line skipped');
      continue;
    }
    const { input, ideal, id, ...rest } = value as Record<string, unknown>;
    const messages = chatMessages(input, where, report);
    if (messages === undefined && typeof input !== 'string') {
      report.note(where, 'input is neither a string nor a list of chat messages; line skipped');
      continue;
    }
    if (ideal === undefined) report.note(where, 'no ideal answer; the case has no expected value');
    collector.add(
      {
        ...(typeof id === 'string' ? { id } : {}),
        input: messages ?? input,
        ...(ideal === undefined ? {} : { expected: ideal }),
        metadata: flatMetadata(rest, where, report),
      },
      where,
    );
  }
  return { cases: collector.finish(), report };
}
