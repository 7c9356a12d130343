import type { SandboxLimits, SandboxResult } from './sandbox/sandbox.js';
import type { CodeLanguage } from './languages.js';

/** Characters of each stream's tail quoted in a reason. */
const REASON_TAIL = 1200;

/** Why a program passed or failed, in one line, followed by the tails of its output. */
export interface Verdict {
  readonly pass: boolean;
  readonly headline: string;
  readonly reason: string;
}

/**
 * Reads a finished execution: exit 0 passes; a wall-clock kill, a CPU, memory or file-size
 * limit, a syntax error, or a failing assertion fails, with the failing line named where the
 * traceback gives it.
 *
 * @example
 * explainResult(result, 'python', limits).reason; // "AssertionError at line 14: assert candidate(2) == 4 …"
 */
export function explainResult(
  result: SandboxResult,
  language: CodeLanguage,
  limits: SandboxLimits,
  source = '',
): Verdict {
  const headline = headlineOf(result, language, limits, source);
  const pass = headline === null;
  const first = headline ?? 'tests passed';
  return { pass, headline: first, reason: pass ? first : `${first}${tails(result)}` };
}

function headlineOf(r: SandboxResult, language: CodeLanguage, limits: SandboxLimits, source: string): string | null {
  if (r.timedOut) return `Timed out after ${limits.timeoutMs} ms (wall clock); every process was killed.`;
  if (r.signal === 'SIGXCPU' || (r.signal === 'SIGKILL' && cpuExhausted(r, limits))) {
    return `CPU time limit of ${limits.cpuSeconds} s exceeded (${r.signal}).`;
  }
  if (r.signal === 'SIGXFSZ') return `File size limit of ${limits.fileSizeMb} MB exceeded (SIGXFSZ).`;
  if (r.exitCode === 0 && r.signal === null) return null;
  const error = language === 'python' ? pythonError(r.stderr) : nodeError(r.stderr, source);
  const memory = /MemoryError|JavaScript heap out of memory|Cannot allocate memory|std::bad_alloc/.test(r.stderr);
  if (memory) return `Memory limit of ${limits.memoryMb} MB exceeded${error ? `: ${error}` : '.'}`;
  if (/File too large|EFBIG/.test(r.stderr)) {
    return `File size limit of ${limits.fileSizeMb} MB exceeded${error ? `: ${error}` : '.'}`;
  }
  if (error) return error;
  return r.signal ? `Killed by ${r.signal}.` : `Exited with code ${r.exitCode}.`;
}

function cpuExhausted(r: SandboxResult, limits: SandboxLimits): boolean {
  return r.durationMs >= limits.cpuSeconds * 1000 * 0.9;
}

/** `AssertionError at line 14: assert f(2) == 4`, `SyntaxError at line 3: invalid syntax`, or the last error line. */
function pythonError(stderr: string): string | null {
  const lines = stderr
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '');
  const last = [...lines].reverse().find((l) => /^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning)\b/.test(l));
  if (last === undefined) return null;
  if (/^(SyntaxError|IndentationError|TabError)/.test(last)) {
    const at = [...stderr.matchAll(/File "[^"]*", line (\d+)/g)].pop();
    return `${last}${at ? ` (line ${at[1]})` : ''}`;
  }
  const frames = [...stderr.matchAll(/File "[^"]*", line (\d+), in [^\n]*\n[ \t]+([^\n]+)/g)];
  const frame = frames.pop();
  if (frame === undefined) return last;
  return `${last} at line ${frame[1]}: ${frame[2]!.trim()}`;
}

/**
 * The first `SomethingError: …` line of a Node crash, with the program line it points at: the
 * `main.js:N` header Node prints for a throw in the program, else the first program frame of
 * the stack (an assertion throws inside `node:assert`), quoted from the program's source.
 */
function nodeError(stderr: string, source: string): string | null {
  const error = stderr.split('\n').find((l) => /^(\w*Error|Error)( \[\w+\])?:|^\w*Error$/.test(l.trim()));
  if (error === undefined) return null;
  const line = /main\.js:(\d+)\n/.exec(stderr)?.[1] ?? /\(?\/?[\w/]*main\.js:(\d+):\d+\)?/.exec(stderr)?.[1];
  if (line === undefined) return error.trim();
  const text = source.split('\n')[Number(line) - 1]?.trim();
  return `${error.trim().replace(/:$/, '')} at line ${line}${text ? `: ${text}` : ''}`;
}

function tails(r: SandboxResult): string {
  const parts: string[] = [];
  const out = tail(r.stdout);
  const err = tail(r.stderr);
  if (out !== '') parts.push(`\n--- stdout (tail) ---\n${out}`);
  if (err !== '') parts.push(`\n--- stderr (tail) ---\n${err}`);
  return parts.join('');
}

function tail(text: string): string {
  const trimmed = text.trimEnd();
  return trimmed.length <= REASON_TAIL ? trimmed : `…${trimmed.slice(-REASON_TAIL)}`;
}
