import { describe, expect, it } from 'vitest';
import { validateEvalDefinition } from './validate-eval.js';
import { isAssayError } from '../core/errors.js';

const graders = [{ type: 'includes', value: 'refund' }];

describe('an eval with online: instead of dataset and target', () => {
  it('is valid without dataset and target', () => {
    const def = validateEvalDefinition(
      { name: 'prod', online: { sample: 0.05, always: [{ feedback: 'down' }] }, graders },
      'prod.eval.yaml',
    );
    expect(def.online?.sample).toBe(0.05);
  });

  it('names every bad field of the online block', () => {
    let error: unknown;
    try {
      validateEvalDefinition(
        {
          name: 'prod',
          graders,
          online: {
            sample: 5,
            strata: [{ where: 'tier', sample: 0.5 }],
            always: [{ thumb: 'down' }],
            window: 'week',
            looks: 0,
            alerts: { webhook: 'ftp://x' },
            evalSt: 'main',
          },
        },
        'prod.eval.yaml',
      );
    } catch (e) {
      error = e;
    }
    expect(isAssayError(error, 'EVAL_INVALID')).toBe(true);
    const paths = (error as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths).toEqual([
      'prod.eval.yaml: online.evalSt',
      'prod.eval.yaml: online.sample',
      'prod.eval.yaml: online.strata[0]',
      'prod.eval.yaml: online.always[0]',
      'prod.eval.yaml: online.window',
      'prod.eval.yaml: online.looks',
      'prod.eval.yaml: online.alerts.webhook',
    ]);
    const messages = (error as { issues: { message: string }[] }).issues.map((i) => i.message);
    expect(messages[0]).toMatch(/did you mean 'evalSet'\?/);
  });

  it('accepts an alerts webhook and an eval set to compare with', () => {
    const def = validateEvalDefinition(
      {
        name: 'prod',
        online: { sample: 0.1, alerts: { webhook: 'https://hooks.example/x' }, evalSet: 'main' },
        graders,
      },
      'prod.eval.yaml',
    );
    expect(def.online).toMatchObject({ alerts: { webhook: 'https://hooks.example/x' }, evalSet: 'main' });
  });

  it('still requires dataset and target without online', () => {
    expect(() => validateEvalDefinition({ name: 'offline', graders }, 'x.eval.yaml')).toThrow(/2 problems/);
  });
});
