import { describe, expect, it } from 'vitest';
import { AssayError, formatError } from '../../core/errors.js';
import { parseGates, safeParseGates } from './parse-gates.js';

describe('parseGates', () => {
  it('reads every condition, segments by field or slice, and defaults alpha to 0.05', () => {
    const rules = parseGates(
      [
        { grader: 'correct', minPassRate: 0.9 },
        { grader: 'correct', minPassRateLower: 0.8, segment: { slice: 'edge' } },
        { grader: 'correct', segment: { field: 'language', value: 'de' }, noRegression: { alpha: 0.01 } },
        { grader: 'correct', noRegression: true },
        { grader: 'correct', nonInferiority: { margin: 0.02 } },
        { maxErrorRate: 0.05 },
        { maxLatencyP95Ms: 2000 },
        { maxCostUsd: 1.5 },
      ],
      'evals/a.eval.yaml',
    );
    expect(rules.map((r) => r.condition)).toEqual([
      { kind: 'minPassRate', threshold: 0.9 },
      { kind: 'minPassRateLower', threshold: 0.8 },
      { kind: 'noRegression', alpha: 0.01 },
      { kind: 'noRegression', alpha: 0.05 },
      { kind: 'nonInferiority', margin: 0.02, alpha: 0.05 },
      { kind: 'maxErrorRate', threshold: 0.05 },
      { kind: 'maxLatencyP95Ms', threshold: 2000 },
      { kind: 'maxCostUsd', threshold: 1.5 },
    ]);
    expect(rules[1].segment).toEqual({ field: 'slice', value: 'edge' });
    expect(rules[2].segment).toEqual({ field: 'language', value: 'de' });
    expect(rules[2].where).toBe('evals/a.eval.yaml: gates[2]');
    expect(rules[0].label).toBe('correct pass rate ≥ 0.9');
  });

  it('treats a missing gates list as no gates', () => {
    expect(parseGates(undefined, 'x')).toEqual([]);
  });

  it('collects every problem of every rule with its path, and hints at the fix', () => {
    let caught: unknown;
    try {
      parseGates(
        [
          { grader: 'correct', minPassRate: 90 },
          { minPassRate: 0.9 },
          { grader: 'correct', minPassRate: 0.9, maxErrorRate: 0.1 },
          { grader: 'correct', nonInferiority: { alpha: 0.05 } },
          { grader: 'correct', noRegression: { alpha: 1 }, segment: { field: 'language' } },
          { grader: 'correct', minPassRat: 0.9 },
          'fast',
        ],
        'evals/a.eval.yaml',
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AssayError);
    expect(formatError(caught)).toMatchInlineSnapshot(`
      "evals/a.eval.yaml: 9 problems in gates.
        evals/a.eval.yaml: gates[0].minPassRate: must be a share between 0 and 1 (e.g. 0.9 for 90%), got 90 (did you mean 0.9?)
        evals/a.eval.yaml: gates[1].grader: minPassRate needs the grader it applies to, e.g. grader: correct
        evals/a.eval.yaml: gates[2]: has 2 conditions (minPassRate, maxErrorRate); write one rule per condition
        evals/a.eval.yaml: gates[3].nonInferiority.margin: is required: how many absolute points worse the candidate may be (e.g. 0.02 for 2 points)
        evals/a.eval.yaml: gates[4].segment: must be { field: <metadata field>, value: <value> } or { slice: <slice> }, got {"field":"language"}
        evals/a.eval.yaml: gates[4].noRegression.alpha: must be strictly between 0 and 1, got 1
        evals/a.eval.yaml: gates[5].minPassRat: unknown key; did you mean 'minPassRate'? Expected grader, segment, metric, or one of minPassRate, minPassRateLower, noRegression, nonInferiority, maxErrorRate, maxLatencyP95Ms, maxCostUsd, minValue, minValueLower, maxValue, maxUpper
        evals/a.eval.yaml: gates[5]: needs one condition (minPassRate, minPassRateLower, noRegression, nonInferiority, maxErrorRate, maxLatencyP95Ms, maxCostUsd, minValue, minValueLower, maxValue, maxUpper)
        evals/a.eval.yaml: gates[6]: must be an object like { grader: correct, minPassRate: 0.9 }, got 'fast'
      Hint: Each gate names a grader and one condition, e.g. \`- { grader: correct, minPassRate: 0.9 }\`. Conditions: minPassRate, minPassRateLower, noRegression, nonInferiority, maxErrorRate, maxLatencyP95Ms, maxCostUsd, minValue, minValueLower, maxValue, maxUpper."
    `);
  });

  it('rejects a gates value that is not a list', () => {
    const { issues } = safeParseGates({ minPassRate: 0.9 }, 'e.yaml');
    expect(issues).toEqual([
      { code: 'invalid_type', path: 'e.yaml: gates', message: 'must be a list of rules, got {"minPassRate":0.9}' },
    ]);
  });
});
