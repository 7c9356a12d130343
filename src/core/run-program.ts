import { spawn } from 'node:child_process';

export interface RunProgramOptions {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed. */
  readonly input: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly maxOutputBytes?: number;
}

export interface ProgramResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  /** The last 4,000 characters of stderr. */
  readonly stderr: string;
  /** Why Assay stopped the program (timeout, abort, too much output), if it did. */
  readonly killedFor?: string;
}

const KILL_GRACE_MS = 2_000;

/**
 * Runs a program once with `input` on stdin and collects its output. Never rejects for what the
 * program does (a bad exit, a timeout): the result says so. Rejects only when it cannot start.
 */
export function runProgram(o: RunProgramOptions): Promise<ProgramResult> {
  const maxBytes = o.maxOutputBytes ?? 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn(o.file, [...o.args], { cwd: o.cwd, env: o.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let bytes = 0;
    let stderr = '';
    let killedFor: string | undefined;
    const kill = (why: string) => {
      if (killedFor !== undefined || child.exitCode !== null) return;
      killedFor = why;
      child.kill('SIGTERM');
      // Why SIGKILL later: a program may trap or ignore SIGTERM, and a grade must not hang.
      setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS).unref();
    };
    const timer = setTimeout(() => kill(`timed out after ${o.timeoutMs} ms`), o.timeoutMs);
    const onAbort = () => kill('aborted');
    o.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) kill(`wrote more than ${Math.round(maxBytes / 1024 / 1024)} MB on stdout`);
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4_000);
    });
    // Why ignore stdin errors: a program that exits without reading its input causes EPIPE, which is not a failure.
    child.stdin.on('error', () => {});
    child.on('error', (error) => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      resolve({
        exitCode,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr,
        ...(killedFor ? { killedFor } : {}),
      });
    });
    child.stdin.end(o.input);
  });
}
