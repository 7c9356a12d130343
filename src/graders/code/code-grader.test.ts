import { describe, expect, it } from 'vitest';
import type { Case } from '../../core/types.js';
import { isAssayError } from '../../core/errors.js';
import { createGrader } from '../registry.js';
import { runGrader } from '../run-grader.js';
import { probeSandbox } from './sandbox/select-sandbox.js';

const backend =
  (await probeSandbox('bwrap')) === null ? 'bwrap' : (await probeSandbox('unshare')) === null ? 'unshare' : null;
const ctx = { signal: new AbortController().signal, runId: 'r', repeat: 0, useCache: false };
const env = { baseDir: '.', env: {} };

const problem = (tests: string, input = ''): Case => ({
  id: 'p1',
  input,
  slice: 'typical',
  metadata: { tests, entryPoint: 'add' },
  weight: 1,
});
const pyPrompt = 'def add(a, b):\n    """Return a + b."""\n';
const pyTests = 'def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(2, 2) == 4\n';

describe.skipIf(backend === null)(`code grader (sandbox: ${backend ?? 'none present'})`, () => {
  const grade = async (spec: Record<string, unknown>, testCase: Case, text: string) =>
    runGrader(await createGrader({ type: 'code', sandbox: backend, ...spec }, env), testCase, { text }, ctx);

  it('passes a HumanEval-style completion and fails a wrong one, naming the failing assertion', async () => {
    const spec = { harness: 'humaneval', language: 'python' };
    expect((await grade(spec, problem(pyTests, pyPrompt), '    return a + b\n')).pass).toBe(true);
    const wrong = await grade(
      spec,
      problem(pyTests, pyPrompt),
      '```python\ndef add(a, b):\n    print("adding")\n    return a * b\n```',
    );
    expect(wrong.pass).toBe(false);
    expect(wrong.reason).toMatch(/^AssertionError at line \d+: assert candidate\(1, 2\) == 3/);
    expect(wrong.reason).toContain('--- stdout (tail) ---\nadding');
  });

  it('fails a syntax error with the line', async () => {
    const score = await grade({ harness: 'humaneval' }, problem(pyTests, pyPrompt), '    return a +\n');
    expect(score.pass).toBe(false);
    expect(score.reason).toMatch(/^SyntaxError: invalid syntax \(line \d+\)/);
  });

  it('runs JavaScript and TypeScript scripts with their tests', async () => {
    const jsTests = 'const assert = require("node:assert");\nassert.strictEqual(add(2, 3), 5);';
    expect(
      (await grade({ language: 'javascript' }, problem(jsTests), 'function add(a, b) { return a + b; }')).pass,
    ).toBe(true);
    const js = await grade({ language: 'javascript' }, problem(jsTests), 'function add(a, b) { return a - b; }');
    expect(js.pass).toBe(false);
    expect(js.reason).toMatch(
      /^AssertionError \[ERR_ASSERTION\]: Expected values to be strictly equal at line 4: assert\.strictEqual\(add\(2, 3\), 5\);/,
    );
    const ts = 'function add(a: number, b: number): number { return a + b; }';
    expect((await grade({ language: 'typescript' }, problem(jsTests), `\`\`\`ts\n${ts}\n\`\`\``)).pass).toBe(true);
    const broken = await grade(
      { language: 'typescript' },
      problem(jsTests),
      'function add(a: number, b: number { return a + b; }',
    );
    expect(broken.pass).toBe(false);
    expect(broken.reason).toMatch(/^SyntaxError at line 1/);
  });

  it('kills the program when the run is cancelled instead of waiting for its timeout', async () => {
    const grader = await createGrader({ type: 'code', sandbox: backend, timeoutMs: 60_000 }, env);
    const cancelled = AbortSignal.abort();
    const started = performance.now();
    const score = await runGrader(
      grader,
      problem(''),
      { text: 'while True:\n    pass\n' },
      { ...ctx, signal: cancelled },
    );
    expect(score.error).toMatch(/the run was cancelled, so the program was killed/);
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('takes the tests from a template or expected, and says when a case has none', async () => {
    const c: Case = {
      id: 'e',
      input: '',
      expected: 'assert add(1, 1) == 2',
      slice: 'typical',
      metadata: {},
      weight: 1,
    };
    expect((await grade({}, c, 'def add(a, b): return a + b')).pass).toBe(true);
    const none = await grade({}, { ...c, expected: undefined }, 'x = 1');
    expect(none.error).toMatch(/case 'e' has no tests; put them in metadata.tests or expected/);
  });
});

describe('code grader configuration', () => {
  it('lists every bad option at once', async () => {
    const error = await createGrader({ type: 'code', language: 'cobol', timeoutMs: -1, passAtk: [1] }, env, 2).catch(
      (e: unknown) => e,
    );
    expect(isAssayError(error, 'GRADER_CONFIG_INVALID')).toBe(true);
    const paths = (error as { issues: { path: string; message: string }[] }).issues.map(
      (i) => `${i.path}: ${i.message}`,
    );
    expect(paths.join('\n')).toMatch(/graders\[2\]\.language/);
    expect(paths.join('\n')).toMatch(/graders\[2\]\.timeoutMs/);
    expect(paths.join('\n')).toMatch(/graders\[2\]\.passAtk: unknown option; did you mean 'passAtK'\?/);
  });
});
