import { describe, expect, it } from 'vitest';
import { buildProgram } from './build-program.js';

const prompt = 'def add(a, b):\n    """Add."""\n';
const tests = 'def check(candidate):\n    assert candidate(1, 2) == 3\n';

describe('buildProgram', () => {
  it('humaneval: a raw completion continues the prompt, then the tests and check(entryPoint)', () => {
    const source = buildProgram({
      language: 'python',
      harness: 'humaneval',
      prompt,
      code: { code: '    return a + b\n', from: 'raw' },
      tests,
      entryPoint: 'add',
    });
    expect(source).toBe(`${prompt}    return a + b\n\n\n${tests}\n\ncheck(add)\n`);
  });

  it("humaneval: the entry point defaults to the prompt's last function", () => {
    const twoDefs = `def helper(x):\n    return x\n\n${prompt}`;
    const source = buildProgram({
      language: 'python',
      harness: 'humaneval',
      prompt: twoDefs,
      code: { code: '    return a + b\n', from: 'raw' },
      tests,
    });
    expect(source.endsWith('\ncheck(add)\n')).toBe(true);
  });

  it('humaneval: a fenced completion starts on its own line', () => {
    const source = buildProgram({
      language: 'python',
      harness: 'humaneval',
      prompt: 'x = 1',
      code: { code: 'y = 2', from: 'fence' },
      tests: 'assert y == 2',
    });
    expect(source.startsWith('x = 1\ny = 2\n')).toBe(true);
  });

  it('humaneval in JavaScript calls check only when the tests define it and do not call it', () => {
    const defines = 'const check = (f) => { if (f(1) !== 1) throw new Error("bad"); };';
    const js = (t: string) =>
      buildProgram({
        language: 'javascript',
        harness: 'humaneval',
        prompt: 'function id(x) {\n',
        code: { code: 'return x; }', from: 'raw' },
        tests: t,
        entryPoint: 'id',
      });
    expect(js(defines)).toContain('\ncheck(id);\n');
    expect(js(`${defines}\ncheck(id);`).match(/check\(id\)/g)).toHaveLength(1);
  });

  it('script: the code, then the tests; an unsafe entry point is never spliced in', () => {
    expect(
      buildProgram({
        language: 'python',
        harness: 'script',
        prompt,
        code: { code: 'x = 1', from: 'raw' },
        tests: 'assert x == 1',
      }),
    ).toBe('x = 1\n\nassert x == 1\n');
    const hostile = buildProgram({
      language: 'python',
      harness: 'humaneval',
      prompt,
      code: { code: '', from: 'raw' },
      tests,
      entryPoint: 'add); import os; (',
    });
    expect(hostile).not.toContain('import os');
  });
});
