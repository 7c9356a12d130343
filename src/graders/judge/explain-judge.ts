import { AssayError } from '../../core/errors.js';
import { contentText } from '../../core/content-parts.js';
import type { Case, TargetOutput } from '../../core/types.js';
import type { ChatRequest } from '../../targets/chat-model.js';
import { isJudgeType, judgeDefinition, JUDGE_DEFINITIONS, type JudgeGraderSpec } from './judge-graders.js';
import { isJudgeNotConfigured, resolveJudgeModelSpec } from './judge-model.js';
import type { PairwiseDefinition } from './pairwise-judge.js';
import { expectedText } from './prompt-parts.js';

/** A medical-FAQ style sample, used when no eval file gives a case. */
export const SAMPLE_CASE: Case = {
  id: 'sample-dose',
  input: 'How much paracetamol can an adult take in one day?',
  expected: 'At most 4 g in 24 hours, with at least 4 hours between doses.',
  slice: 'typical',
  metadata: {},
  weight: 1,
};

export const SAMPLE_OUTPUT: TargetOutput = {
  text: 'Adults can take up to 4 g of paracetamol a day.',
  context: ['Paracetamol: adults may take 500 mg to 1 g every 4–6 hours, at most 4 g in 24 hours.'],
};

/** Options a bare judge type is explained with when no eval file configures it. */
const SAMPLE_SPECS: { readonly [type: string]: { readonly [key: string]: unknown } } = {
  'judge.classify': {
    prompt: 'Is the answer medically correct and safe?',
    choices: { correct: 1, 'partly-correct': 0.5, incorrect: 0 },
  },
  'judge.rubric': {
    criteria: 'How helpful is the answer to the patient?',
    scale: 5,
    anchors: { 1: 'Unhelpful or unsafe', 3: 'Partly helpful', 5: 'Complete, accurate and clear' },
  },
};

/**
 * The exact prompt a judge grader sends for one case, as text for a person to read.
 *
 * @example
 * process.stdout.write(explainJudge({ type: 'judge.faithfulness' }, SAMPLE_CASE, SAMPLE_OUTPUT, process.env));
 */
export function explainJudge(
  spec: JudgeGraderSpec,
  testCase: Case,
  output: TargetOutput,
  env: NodeJS.ProcessEnv,
): string {
  if (!isJudgeType(spec.type)) {
    throw new AssayError(
      'NOT_A_JUDGE',
      `Grader '${spec.name ?? spec.type}' is of type ${spec.type}, which sends no prompt to a model.`,
      {
        hint: `Only judge graders have prompts: ${[...Object.keys(JUDGE_DEFINITIONS), 'judge.pairwise'].join(', ')}.`,
      },
    );
  }
  const full: JudgeGraderSpec = { ...SAMPLE_SPECS[spec.type], ...spec };
  const definition = judgeDefinition(full);
  const lines = [
    `Grader '${definition.name}' (${definition.type}), pass threshold ${definition.threshold}, for case '${testCase.id}'.`,
  ];
  lines.push(modelLine(full, definition.name, env));
  if (definition.type === 'judge.pairwise') {
    const baseline = expectedText(testCase) ?? '(the baseline output)';
    const candidate = output.text ?? JSON.stringify(output.value) ?? '';
    lines.push(
      '',
      'Judged twice, positions swapped: a win counts only when both orders agree. First order (baseline as A):',
    );
    lines.push(renderRequest((definition as PairwiseDefinition).prompt(testCase, baseline, candidate)));
  } else {
    lines.push(
      renderRequest((definition as { prompt(c: Case, o: TargetOutput): ChatRequest }).prompt(testCase, output)),
    );
  }
  return `${lines.join('\n')}\n`;
}

function modelLine(spec: JudgeGraderSpec, name: string, env: NodeJS.ProcessEnv): string {
  try {
    const m = resolveJudgeModelSpec(spec.judge, env, name);
    return `Judge model: ${m.provider} ${m.model}${m.baseUrl ? ` at ${m.baseUrl}` : ''}${spec.judge ? '' : ' (from ASSAY_JUDGE_*)'}.`;
  } catch (error) {
    if (!isJudgeNotConfigured(error)) throw error;
    return 'Judge model: not configured (set ASSAY_JUDGE_BASE_URL / ASSAY_JUDGE_MODEL, or add `judge:` to the grader).';
  }
}

function renderRequest(request: ChatRequest): string {
  const parts = request.messages.map((m) => `\n── ${m.role} ${'─'.repeat(60)}\n${contentText(m.content)}`);
  if (request.responseSchema) {
    parts.push(
      `\n── structured output: JSON schema '${request.responseSchema.name}' ${'─'.repeat(20)}\n${JSON.stringify(request.responseSchema.schema, null, 2)}`,
    );
  }
  parts.push(
    `\n(temperature ${request.temperature ?? 'provider default'}${request.maxTokens !== undefined ? `, max ${request.maxTokens} tokens` : ''})`,
  );
  return parts.join('\n');
}
