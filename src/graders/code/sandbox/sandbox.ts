/** The backends that can run untrusted code; `none` runs it on the host and must be chosen explicitly. */
export type SandboxName = 'bwrap' | 'unshare' | 'none';

/** Resource limits of one execution. */
export interface SandboxLimits {
  /** Wall clock: the whole process group is killed after this. */
  readonly timeoutMs: number;
  /** Address space (RLIMIT_AS) of each process, in MiB. */
  readonly memoryMb: number;
  /** CPU time (RLIMIT_CPU) of each process, in seconds. */
  readonly cpuSeconds: number;
  /** Largest file a process may write (RLIMIT_FSIZE), in MiB. */
  readonly fileSizeMb: number;
  /** Processes and threads of the sandbox user (RLIMIT_NPROC). */
  readonly processes: number;
}

export interface SandboxFile {
  /** Relative to the sandbox's working directory. */
  readonly path: string;
  readonly content: string;
}

export interface SandboxRequest {
  /** The program and its arguments; files are named relative to the working directory. */
  readonly command: readonly string[];
  readonly files: readonly SandboxFile[];
  readonly limits: SandboxLimits;
  /** Host folders of the toolchain (an interpreter outside /usr) mounted read-only. */
  readonly toolchain?: readonly string[];
  /** Aborting kills the program (a cancelled run does not wait for its code to finish). */
  readonly signal?: AbortSignal;
}

/** What an execution did. Output is kept as a bounded tail of each stream. */
export interface SandboxResult {
  readonly exitCode: number | null;
  /** The signal that ended the program (e.g. SIGKILL, SIGXCPU), if any. */
  readonly signal: string | null;
  /** Killed by the wall clock. */
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

/**
 * One way of running untrusted code: no network, the host's files read-only or hidden except
 * the toolchain, a private temporary working directory deleted afterwards, a scrubbed
 * environment, a non-root uid, rlimits, and a wall-clock kill of everything it started.
 * `run` rejects with `SandboxStartError` when the sandbox itself cannot start; whatever the
 * program does (crash, loop, exhaust a limit) is a result, never a rejection.
 *
 * @example
 * const sandbox = await selectSandbox('auto');
 * const files = [{ path: 'main.py', content: 'print(1)' }];
 * const r = await sandbox.run({ command: ['/usr/bin/python3', 'main.py'], files, limits: defaultLimits() });
 */
export interface Sandbox {
  readonly name: SandboxName;
  run(request: SandboxRequest): Promise<SandboxResult>;
}

/** The sandbox could not be set up (a missing tool, a refused namespace): an error of the grader, not a fail. */
export class SandboxStartError extends Error {
  constructor(backend: SandboxName, detail: string) {
    super(`The ${backend} sandbox could not start: ${detail}`);
    this.name = 'SandboxStartError';
  }
}
