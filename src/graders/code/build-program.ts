import type { ExtractedCode } from './extract-code.js';
import type { CodeLanguage } from './languages.js';

/** How a completion and a case's tests become one program. */
export type CodeHarness = 'humaneval' | 'script';
export const CODE_HARNESSES: readonly CodeHarness[] = ['humaneval', 'script'];

export interface ProgramParts {
  readonly language: CodeLanguage;
  readonly harness: CodeHarness;
  /** The case's prompt (for `humaneval`, the signature and docstring the completion continues). */
  readonly prompt: string;
  readonly code: ExtractedCode;
  readonly tests: string;
  readonly entryPoint?: string;
}

/**
 * The source to run. `humaneval`: prompt + completion (a raw completion continues the prompt
 * as written; a fenced one starts on a new line and may redefine the function), then the
 * tests, then `check(<entryPoint>)` when the tests define `check` (the entry point defaults to the
 * prompt's last function). `script`: the code, then
 * the tests. Either way the program passes when it exits with 0.
 *
 * @example
 * const code = { code: 'x = 1', from: 'raw' } as const;
 * buildProgram({ language: 'python', harness: 'script', prompt: '', code, tests: 'assert x == 1' });
 */
export function buildProgram(parts: ProgramParts): string {
  const { code, tests } = parts;
  if (parts.harness === 'script') return `${code.code}\n\n${tests}\n`;
  const joiner = code.from === 'fence' || !parts.prompt.endsWith('\n') ? '\n' : '';
  const body = `${parts.prompt}${joiner}${code.code}`;
  const entryPoint = parts.entryPoint ?? inferEntryPoint(parts.language, parts.prompt);
  return `${body}\n\n${tests}\n${checkCall(parts.language, tests, entryPoint)}`;
}

/**
 * The function a HumanEval prompt asks for: the last top-level `def` (Python) or `function`
 * (JavaScript/TypeScript) in it. True of all 164 HumanEval problems; `metadata.entryPoint` overrides.
 */
export function inferEntryPoint(language: CodeLanguage, prompt: string): string | undefined {
  const pattern =
    language === 'python' ? /^def\s+([A-Za-z_]\w*)\s*\(/gm : /^(?:export\s+)?function\s+([A-Za-z_$][\w$]*)\s*[(<]/gm;
  return [...prompt.matchAll(pattern)].pop()?.[1];
}

function checkCall(language: CodeLanguage, tests: string, entryPoint: string | undefined): string {
  if (entryPoint === undefined || !/^[A-Za-z_$][\w$]*$/.test(entryPoint)) return '';
  if (language === 'python') return /^def check\s*\(/m.test(tests) ? `\ncheck(${entryPoint})\n` : '';
  const definesCheck = /(function\s+check\s*\(|(const|let|var)\s+check\s*=)/.test(tests);
  const callsCheck = /^\s*check\s*\(/m.test(tests);
  return definesCheck && !callsCheck ? `\ncheck(${entryPoint});\n` : '';
}
