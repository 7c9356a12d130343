import type { Case, TargetOutput } from '../../core/types.js';
import type { JudgeChoice } from './choice-prompt.js';
import { buildChoiceRequest, interpretChoice } from './choice-prompt.js';
import { readIncludeExpected, trialSections } from './classify-judge.js';
import type { JudgeDefinition } from './judge-definition.js';
import { samplingOf } from './judge-definition.js';
import { rubricJudgeSchema } from './judge-schemas.js';
import { SpecReader } from './spec-reader.js';

/**
 * `judge.rubric`: a 1–N scale with an anchor per level, normalised to [0, 1] as (level − 1)/(N − 1).
 * Passes at `passLevel` (a level) or `threshold` (normalised, default 0.5). `includeExpected:
 * false` leaves the reference answer out of the prompt (a reference-free rubric).
 *
 * @example
 * // - type: judge.rubric
 * //   name: helpfulness
 * //   criteria: How well does the answer help the user?
 * //   scale: 5
 * //   anchors: { 1: Useless or wrong, 3: Partly helpful, 5: Complete and accurate }
 * //   passLevel: 4
 */
export function rubricJudge(spec: unknown): JudgeDefinition {
  const r = new SpecReader(spec, 'judge.rubric', rubricJudgeSchema);
  const criteria = r.string('criteria', { required: true });
  const scale = r.number('scale', { min: 2, max: 10, integer: true }) ?? 5;
  const anchors = readAnchors(r, scale);
  const passLevel = r.number('passLevel', { min: 1, max: scale, integer: true });
  const includeExpected = readIncludeExpected(r);
  const threshold =
    passLevel !== undefined ? (passLevel - 1) / (scale - 1) : (r.number('threshold', { min: 0, max: 1 }) ?? 0.5);
  r.done(
    'Give judge.rubric `criteria`, a `scale` (2–10, default 5) and `anchors` such as { 1: "wrong", 5: "perfect" }.',
  );
  const choices: JudgeChoice[] = Array.from({ length: scale }, (_, i) => ({
    label: String(i + 1),
    score: i / (scale - 1),
    ...(anchors.get(i + 1) !== undefined && { description: anchors.get(i + 1) }),
  }));
  const task = `${criteria}\nRate the output on a scale from 1 (worst) to ${scale} (best), using the anchors below.`;
  const sampling = samplingOf(spec as { [key: string]: unknown });
  return {
    type: 'judge.rubric',
    name: r.name,
    threshold,
    prompt: (testCase: Case, output: TargetOutput) =>
      buildChoiceRequest({ task, choices, sections: trialSections(testCase, output, includeExpected), ...sampling }),
    interpret: (reply) => {
      const result = interpretChoice(reply, choices, threshold);
      return { ...result, meta: { ...result.meta, level: Number(result.label), scale } };
    },
  };
}

function readAnchors(r: SpecReader, scale: number): Map<number, string> {
  const raw = r.raw('anchors');
  const anchors = new Map<number, string>();
  if (raw === undefined) return anchors;
  const entries: [string, unknown][] = Array.isArray(raw)
    ? raw.map((v, i) => [String(i + 1), v])
    : Object.entries(raw as object);
  for (const [key, text] of entries) {
    const level = Number(key);
    if (!Number.isInteger(level) || level < 1 || level > scale)
      r.issue(`anchors.${key}`, `is not a level of the 1–${scale} scale`);
    else if (typeof text !== 'string') r.issue(`anchors.${key}`, 'must be a description string');
    else anchors.set(level, text);
  }
  return anchors;
}
