import { describe, expect, it } from 'vitest';
import { SpecReader } from './spec-reader.js';

describe('SpecReader', () => {
  it('rejects options no accessor asked for, suggesting the nearest one', () => {
    const r = new SpecReader(
      { type: 'judge.pairwise', name: 'pref', prompt: 'custom', criterai: 'x', judge: { model: 'm' } },
      'judge.pairwise',
    );
    r.string('criteria');
    r.number('threshold');
    let thrown: unknown;
    try {
      r.done('hint');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'GRADER_CONFIG_INVALID',
      message: "Grader 'pref' is not configured correctly.",
    });
    const issues = (thrown as { issues: { path: string; message: string }[] }).issues;
    expect(issues.map((i) => i.path)).toEqual(['prompt', 'criterai']);
    expect(issues[1].message).toContain("did you mean 'criteria'?");
  });

  it('accepts a spec that uses only known options', () => {
    const r = new SpecReader({ type: 'judge.rubric', name: 'tone', threshold: 0.5 }, 'judge.rubric');
    expect(r.number('threshold', { min: 0, max: 1 })).toBe(0.5);
    expect(() => r.done('hint')).not.toThrow();
  });
});
