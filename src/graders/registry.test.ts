import { describe, expect, it } from 'vitest';
import { AssayError, formatError } from '../core/errors.js';
import type { Grader } from './grader.js';
import { createGrader, createGraders, graderTypes, registerGraderType } from './registry.js';
import { gradeOutput } from './rules/test-support.js';

const env = { baseDir: process.cwd(), env: {} };

async function failure(run: () => Promise<unknown>): Promise<string> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AssayError);
  return formatError(error);
}

describe('createGrader', () => {
  it('builds every rule type from a YAML-style spec, named after the type by default', async () => {
    expect(graderTypes()).toEqual(
      expect.arrayContaining([
        'custom',
        'exact',
        'includes',
        'includes-all',
        'includes-any',
        'json-field-equals',
        'json-schema',
        'json-valid',
        'length',
        'levenshtein',
        'numeric',
        'regex',
        'starts-with',
        'token-f1',
      ]),
    );
    const g = await createGrader({ type: 'includes', value: 'refund', ignoreCase: true }, env);
    expect(g).toMatchObject({ name: 'includes', kind: 'rule' });
    expect((await gradeOutput(g, 'REFUND ok')).pass).toBe(true);
    const named = await createGrader({ type: 'regex', name: 'order-id', pattern: '#\\d+' }, env);
    expect(named.name).toBe('order-id');
  });

  it('returns a ready Grader object unchanged', async () => {
    const ready: Grader = { name: 'mine', kind: 'custom', grade: () => ({ value: 1 }) };
    expect(await createGrader(ready, env)).toBe(ready);
  });

  it('names the grader, its place and the field in configuration errors', async () => {
    expect(await failure(() => createGrader({ type: 'regex', name: 'order-id', pattern: '([a-z' }, env, 2)))
      .toMatchInlineSnapshot(`
      "Grader 'order-id' (graders[2], type regex) is misconfigured.
        graders[2].pattern: not a valid regular expression: /([a-z/: Unterminated character class
      Hint: Fix the grader options listed above in the eval file."
    `);
    expect(await failure(() => createGrader({ type: 'exact', valeu: 'x' }, env, 0))).toMatchInlineSnapshot(`
      "Grader 'exact' (graders[0]) is misconfigured.
        graders[0].valeu: unknown option; did you mean 'value'? (options: name, value, values, trim, ignoreCase, collapseWhitespace, stripPunctuation)
      Hint: Fix the grader options listed above in the eval file."
    `);
  });

  it('suggests the nearest type for an unknown one', async () => {
    expect(await failure(() => createGrader({ type: 'regexp', pattern: 'a' }, env, 1))).toMatch(
      /graders\[1\]\.type: unknown type 'regexp'; did you mean 'regex'\?/,
    );
    expect(await failure(() => createGrader({ name: 'x' } as never, env, 3))).toMatch(
      /graders\[3\]\.type: is required; one of /,
    );
  });

  it('lets other grader families register a type', async () => {
    registerGraderType('test.always', (spec) => ({
      name: spec.name ?? spec.type,
      kind: 'custom',
      grade: () => ({ value: 1 }),
    }));
    const g = await createGrader({ type: 'test.always' }, env);
    expect((await gradeOutput(g, '')).pass).toBe(true);
  });
});

describe('createGraders', () => {
  it('reports every bad grader at once, and duplicate names', async () => {
    const text = await failure(() =>
      createGraders(
        [
          { type: 'includes', value: 'a' },
          { type: 'regex', pattern: '(' },
          { type: 'includes', value: 'b' },
          { type: 'length' },
          { type: 'nope' },
        ],
        env,
      ),
    );
    expect(text).toMatchInlineSnapshot(`
      "The graders have 4 problems.
        graders[1].pattern: not a valid regular expression: /(/: Unterminated group
        graders[2].name: 'includes' is also the name of graders[0]; give each grader its own name
        graders[3].min: set "min", "max" or both
        graders[4].type: unknown type 'nope'; did you mean 'code'?
      Hint: Fix the grader options listed above in the eval file."
    `);
  });

  it('takes a per-grader timeoutMs and checks it with the other problems', async () => {
    const [g] = await createGraders([{ type: 'includes', value: 'a', timeoutMs: 500 }], env);
    expect(g.timeoutMs).toBe(500);
    expect((await gradeOutput(g, 'a')).pass).toBe(true);
    const text = await failure(() =>
      createGraders(
        [
          { type: 'includes', value: 'a', timeoutMs: -1 },
          { type: 'includes', value: 'b' },
        ],
        env,
      ),
    );
    expect(text).toContain('graders[0].timeoutMs: must be a positive whole number of milliseconds, got -1');
    expect(text).toContain("graders[1].name: 'includes' is also the name of graders[0]");
  });
});
