import { describe, expect, it } from 'vitest';
import { extractCode } from './extract-code.js';

describe('extractCode', () => {
  it('takes the block tagged with the language over an earlier block', () => {
    const text = 'Run:\n```bash\npip install x\n```\nThen:\n```python\ndef f():\n    return 1\n```\nDone.';
    expect(extractCode(text, 'python')).toEqual({ code: 'def f():\n    return 1', from: 'fence' });
  });

  it('takes the first block when none is tagged with the language', () => {
    expect(extractCode('```\nconsole.log(1)\n```', 'javascript')).toEqual({ code: 'console.log(1)', from: 'fence' });
  });

  it('runs an unclosed fence to the end, as in a cut-off answer', () => {
    expect(extractCode('```ts\nconst a: number = 1;\nconst b', 'typescript').code).toBe(
      'const a: number = 1;\nconst b',
    );
  });

  it('keeps a raw completion unchanged, indentation included', () => {
    expect(extractCode('    return a + b\n', 'python')).toEqual({ code: '    return a + b\n', from: 'raw' });
  });
});
