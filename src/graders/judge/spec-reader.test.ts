import { describe, expect, it } from 'vitest';
import { pairwiseJudgeSchema, rubricJudgeSchema } from './judge-schemas.js';
import { SpecReader } from './spec-reader.js';

function issuesOf(r: SpecReader): { path: string; message: string; code: string }[] {
  try {
    r.done('hint');
  } catch (error) {
    expect(error).toMatchObject({
      code: 'GRADER_CONFIG_INVALID',
      message: "Grader 'pref' is not configured correctly.",
    });
    return (error as { issues: { path: string; message: string; code: string }[] }).issues;
  }
  return [];
}

describe('SpecReader', () => {
  it('rejects options outside the type’s schema, suggesting the nearest one', () => {
    const r = new SpecReader(
      { type: 'judge.pairwise', name: 'pref', prompt: 'custom', criterai: 'x', judge: { model: 'm' } },
      'judge.pairwise',
      pairwiseJudgeSchema,
    );
    r.string('criteria');
    r.number('threshold');
    const issues = issuesOf(r);
    expect(issues.map((i) => i.path)).toEqual(['prompt', 'criterai']);
    expect(issues[1]).toMatchObject({ code: 'unknown_field' });
    expect(issues[1].message).toContain("did you mean 'criteria'?");
  });

  it('checks types and ranges by the schema, once per field, and keeps the accessors’ cross-field checks', () => {
    const r = new SpecReader(
      { type: 'judge.rubric', name: 'pref', criteria: 'c', scale: 4, passLevel: 5, threshold: 2 },
      'judge.rubric',
      rubricJudgeSchema,
    );
    r.number('threshold', { min: 0, max: 1 });
    r.number('passLevel', { min: 1, max: 4, integer: true });
    const issues = issuesOf(r);
    expect(issues.map((i) => i.path)).toEqual(['threshold', 'passLevel']);
    expect(issues[0].message).toBe('must be between 0 and 1');
    expect(issues[1].message).toMatch(/≤ 4/);
  });

  it('accepts a spec that uses only known options', () => {
    const r = new SpecReader(
      { type: 'judge.rubric', name: 'tone', criteria: 'c', threshold: 0.5 },
      'judge.rubric',
      rubricJudgeSchema,
    );
    expect(r.number('threshold', { min: 0, max: 1 })).toBe(0.5);
    expect(() => r.done('hint')).not.toThrow();
  });
});
