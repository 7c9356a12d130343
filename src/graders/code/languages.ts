import { existsSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { findExecutable } from './sandbox/find-executable.js';

export type CodeLanguage = 'python' | 'javascript' | 'typescript';
export const CODE_LANGUAGES: readonly CodeLanguage[] = ['python', 'javascript', 'typescript'];

/** How one language's program is written to a file and started inside the sandbox. */
export interface LanguageRuntime {
  readonly file: string;
  readonly command: readonly string[];
  /** Host folders of the interpreter that live outside `/usr`, mounted read-only. */
  readonly toolchain: readonly string[];
  /** RLIMIT_AS for a memory budget: V8 reserves address space far beyond what it uses. */
  addressSpaceMb(memoryMb: number): number;
}

/**
 * The interpreter and command for a language. Python prefers the system `python3` (a shim
 * in a home folder, like pyenv's, is not reachable from the sandbox); JavaScript and
 * TypeScript (compiled to JavaScript on the host first) run on the Node that runs Assay.
 */
export function languageRuntime(language: CodeLanguage, memoryMb: number, interpreter?: string): LanguageRuntime {
  if (language === 'python') {
    const python = interpreter ?? pythonInterpreter();
    return {
      file: 'main.py',
      command: [python, '-I', '-B', 'main.py'],
      toolchain: toolchainOf(python),
      addressSpaceMb: (mb) => mb,
    };
  }
  const node = interpreter ?? process.execPath;
  return {
    file: 'main.js',
    command: [node, `--max-old-space-size=${memoryMb}`, 'main.js'],
    toolchain: toolchainOf(node),
    addressSpaceMb: (mb) => mb + 2048,
  };
}

function pythonInterpreter(): string {
  for (const candidate of ['/usr/bin/python3', '/usr/local/bin/python3']) if (existsSync(candidate)) return candidate;
  return findExecutable('python3') ?? 'python3';
}

/** The install prefix of an interpreter outside `/usr` (e.g. `/opt/python3.12`), to mount read-only. */
function toolchainOf(interpreter: string): string[] {
  let real: string;
  try {
    real = realpathSync(interpreter);
  } catch {
    return [];
  }
  if (real.startsWith('/usr/') || real.startsWith('/bin/')) return [];
  return [dirname(dirname(real))];
}
