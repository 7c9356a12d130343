import type { Case, TargetOutput } from '../../core/types.js';
import type { JudgeChoice } from './choice-prompt.js';
import { buildChoiceRequest, interpretChoice } from './choice-prompt.js';
import type { JudgeDefinition } from './judge-definition.js';
import { samplingOf } from './judge-definition.js';
import { expectedText, inputText, outputText, section } from './prompt-parts.js';
import { classifyJudgeSchema } from './judge-schemas.js';
import { SpecReader } from './spec-reader.js';
import { quoteUntrusted } from './untrusted-text.js';

/**
 * `judge.classify`: a rubric with named choices and a score per choice.
 *
 * @example
 * // in an eval file
 * // - type: judge.classify
 * //   name: tone
 * //   prompt: Is the reply polite and professional?
 * //   choices: { polite: 1, neutral: 0.5, rude: 0 }
 */
export function classifyJudge(spec: unknown): JudgeDefinition {
  const r = new SpecReader(spec, 'judge.classify', classifyJudgeSchema);
  const task = r.string('prompt', { required: true });
  const choices = readChoices(r);
  const threshold = r.number('threshold', { min: 0, max: 1 }) ?? 0.5;
  const includeExpected = readIncludeExpected(r);
  r.done('Give judge.classify a `prompt` and `choices`, e.g. choices: { correct: 1, partly: 0.5, wrong: 0 }.');
  const sampling = samplingOf(spec as { [key: string]: unknown });
  return {
    type: 'judge.classify',
    name: r.name,
    threshold,
    prompt: (testCase: Case, output: TargetOutput) =>
      buildChoiceRequest({ task, choices, sections: trialSections(testCase, output, includeExpected), ...sampling }),
    interpret: (reply) => interpretChoice(reply, choices, threshold),
  };
}

/**
 * `includeExpected` (default true): show the judge the case's reference answer. `false` makes
 * the judge reference-free: it grades the output on the input and its criteria alone.
 */
export function readIncludeExpected(r: SpecReader): boolean {
  const raw = r.raw('includeExpected');
  if (raw !== undefined && typeof raw !== 'boolean')
    r.issue('includeExpected', `must be true or false, got ${JSON.stringify(raw)}`);
  return raw !== false;
}

/** The usual sections: the input, the reference answer when there is one, the output to grade. */
export function trialSections(testCase: Case, output: TargetOutput, includeExpected = true): string[] {
  const sections = [section('Input given to the AI system', quoteUntrusted('input', inputText(testCase)))];
  const expected = includeExpected ? expectedText(testCase) : undefined;
  if (expected !== undefined) sections.push(section('Reference answer', quoteUntrusted('reference', expected)));
  sections.push(section('Output to evaluate', quoteUntrusted('output', outputText(output))));
  return sections;
}

function readChoices(r: SpecReader): JudgeChoice[] {
  const raw = r.raw('choices');
  const out: JudgeChoice[] = [];
  if (Array.isArray(raw)) {
    raw.forEach((c, i) => {
      const item = c as { label?: unknown; score?: unknown; description?: unknown };
      if (typeof item?.label !== 'string' || typeof item.score !== 'number' || item.score < 0 || item.score > 1) {
        r.issue(`choices[${i}]`, 'must be { label: string, score: number in [0, 1], description?: string }');
        return;
      }
      out.push({
        label: item.label,
        score: item.score,
        ...(typeof item.description === 'string' && { description: item.description }),
      });
    });
  } else if (raw !== null && typeof raw === 'object') {
    for (const [label, score] of Object.entries(raw)) {
      if (typeof score !== 'number' || score < 0 || score > 1)
        r.issue(`choices.${label}`, `must be a score in [0, 1], got ${JSON.stringify(score)}`);
      else out.push({ label, score });
    }
  } else {
    r.issue(
      'choices',
      'is required: a map of choice → score, or a list of { label, score, description }',
      'missing_field',
    );
  }
  if (out.length === 1) r.issue('choices', 'needs at least two choices');
  const seen = new Set<string>();
  for (const c of out) {
    const key = c.label.trim().toLowerCase();
    if (seen.has(key)) r.issue('choices', `has the label ${JSON.stringify(c.label)} twice`);
    seen.add(key);
  }
  return out;
}
