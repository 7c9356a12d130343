import type { CodeLanguage } from './languages.js';

const FENCE = /(^|\n)[ \t]*(```|~~~)[ \t]*([\w+#.-]*)[^\n]*\n([\s\S]*?)(?:\n[ \t]*\2[ \t]*(?=\n|$)|$)/g;

const ALIASES: Readonly<Record<CodeLanguage, readonly string[]>> = {
  python: ['python', 'py', 'python3'],
  javascript: ['javascript', 'js', 'node', 'mjs', 'cjs'],
  typescript: ['typescript', 'ts'],
};

/** The code in a model's answer and where it came from. */
export interface ExtractedCode {
  readonly code: string;
  /** `fence` when taken from a Markdown code block, `raw` when the whole answer is code. */
  readonly from: 'fence' | 'raw';
}

/**
 * Takes the code out of an answer: the first fenced block tagged with the language (or, when
 * none is, the first fenced block; an unclosed fence runs to the end, as in a cut-off answer),
 * otherwise the whole text unchanged (a raw completion keeps its indentation).
 *
 * @example
 * extractCode('Here:\n```python\nprint(1)\n```', 'python'); // { code: 'print(1)', from: 'fence' }
 */
export function extractCode(text: string, language: CodeLanguage): ExtractedCode {
  const blocks = [...text.matchAll(FENCE)].map((m) => ({ tag: (m[3] ?? '').toLowerCase(), code: m[4] ?? '' }));
  if (blocks.length === 0) return { code: text, from: 'raw' };
  const tagged = blocks.find((b) => ALIASES[language].includes(b.tag));
  return { code: (tagged ?? blocks[0]!).code, from: 'fence' };
}
