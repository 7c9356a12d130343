import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { ulimitScript } from './limits.js';
import type { SandboxLimits, SandboxName, SandboxRequest, SandboxResult } from './sandbox.js';
import { SandboxStartError } from './sandbox.js';
import { acquireSandboxUid, runningAsRoot, SANDBOX_ENV } from './sandbox-user.js';
import { TailBuffer } from './tail-buffer.js';

/** How one backend wraps a command. The shared runner does files, limits of time, output and cleanup. */
export interface SandboxBackend {
  readonly name: SandboxName;
  /** True when the backend starts as root and drops to `dirs.uid` itself (it needs root to mount). */
  readonly dropsPrivileges: boolean;
  /** The full argv that runs `inner` (already wrapped by `readyPrefix`) in `dirs.work`. */
  argv(dirs: ScratchDirs, inner: readonly string[], request: SandboxRequest): string[];
}

/** Host folders of one execution: `work` holds the files, `root` is an empty mount point a backend may use. */
export interface ScratchDirs {
  readonly work: string;
  readonly root: string;
  /** The uid (and gid) the program runs as when Assay is root. */
  readonly uid: number;
}

/** Largest stdout/stderr tail kept per execution. */
export const OUTPUT_TAIL_BYTES = 16 * 1024;

/**
 * Runs just before the user's program, inside the sandbox: it checks the interpreter is there,
 * applies the rlimits, writes one byte to fd 3 (so the runner knows the sandbox started), closes fd 3 and replaces
 * itself with the program.
 */
function readyPrefix(command: readonly string[], limits: SandboxLimits): string[] {
  const script =
    'if [ ! -x "$1" ] && ! command -v "$1" >/dev/null 2>&1; then\n' +
    '  echo "$1: not found in the sandbox" >&2; exit 127\nfi\n' +
    `${ulimitScript(limits)} || exit 125\n` +
    'printf . >&3 && exec 3>&- && exec "$@"';
  return ['/bin/sh', '-c', script, 'sh', ...command];
}

/**
 * Writes the request's files into a fresh private directory, runs the backend's command in
 * its own process group, kills the whole group on the wall clock or once the program exits,
 * and deletes the directory. Rejects with `SandboxStartError` only when the sandbox never
 * reached the program.
 */
export async function runSandboxed(backend: SandboxBackend, request: SandboxRequest): Promise<SandboxResult> {
  const scratch = await mkdtemp(join(tmpdir(), 'assay-sandbox-'));
  const identity = acquireSandboxUid();
  const dirs = { work: join(scratch, 'work'), root: join(scratch, 'root'), uid: identity.uid };
  try {
    await mkdir(dirs.work, { mode: 0o700 });
    await mkdir(dirs.root, { mode: 0o700 });
    await writeFiles(dirs, request);
    return await launch(backend, dirs, request);
  } finally {
    await rm(scratch, { recursive: true, force: true, maxRetries: 3 });
    identity.release();
  }
}

async function writeFiles(dirs: ScratchDirs, request: SandboxRequest): Promise<void> {
  const workDir = dirs.work;
  const root = runningAsRoot();
  if (root) {
    // The sandbox user must reach its working directory through the (root-owned) scratch folder.
    await chmod(dirname(workDir), 0o711);
    await chown(workDir, dirs.uid, dirs.uid);
  }
  for (const file of request.files) {
    const rel = normalize(file.path);
    if (isAbsolute(rel) || rel.startsWith('..')) {
      throw new Error(`sandbox file '${file.path}' must be a relative path inside the sandbox`);
    }
    const path = join(workDir, rel);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content, { mode: 0o644 });
    if (root) await chown(path, dirs.uid, dirs.uid);
  }
}

function launch(backend: SandboxBackend, dirs: ScratchDirs, request: SandboxRequest): Promise<SandboxResult> {
  const argv = backend.argv(dirs, readyPrefix(request.command, request.limits), request);
  const started = performance.now();
  return new Promise<SandboxResult>((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: dirs.work,
      env: { ...SANDBOX_ENV },
      detached: true,
      // Backends that do not drop privileges themselves start as the sandbox user.
      ...(runningAsRoot() && !backend.dropsPrivileges && { uid: dirs.uid, gid: dirs.uid }),
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const stdout = new TailBuffer(OUTPUT_TAIL_BYTES);
    const stderr = new TailBuffer(OUTPUT_TAIL_BYTES);
    let ready = false;
    let timedOut = false;
    let spawnError: Error | undefined;
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch (error) {
        // ESRCH: the group is already gone, which is what we want.
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
      // A leftover holding the pipes open must not keep the grader waiting.
      child.stdout?.destroy();
      child.stderr?.destroy();
    }, request.limits.timeoutMs);
    const onAbort = () => killGroup();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    if (request.signal?.aborted) killGroup();
    child.stdout?.on('data', (c: Buffer) => stdout.push(c));
    child.stderr?.on('data', (c: Buffer) => stderr.push(c));
    const readyPipe = child.stdio[3] as NodeJS.ReadableStream | null;
    let nsInit: number | undefined;
    readyPipe?.on('data', () => {
      ready = true;
      if (backend.name !== 'none' && child.pid !== undefined) nsInit = firstChild(child.pid);
    });
    readyPipe?.on('error', () => undefined);
    child.on('error', (error) => (spawnError = error));
    child.on('exit', () => killGroup());
    child.on('close', async (code, signal) => {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      const durationMs = performance.now() - started;
      if (nsInit !== undefined) await namespaceGone(nsInit);
      if (request.signal?.aborted) {
        reject(new Error('the run was cancelled, so the program was killed'));
        return;
      }
      if (!ready && !timedOut) {
        const detail = spawnError?.message ?? (stderr.text().trim() || `exited with ${signal ?? code}`);
        reject(new SandboxStartError(backend.name, detail));
        return;
      }
      resolve({ exitCode: code, signal, timedOut, stdout: stdout.text(), stderr: stderr.text(), durationMs });
    });
  });
}

/** The first child of a process: the init of the PID namespace that bwrap or `unshare --fork` made. */
function firstChild(pid: number): number | undefined {
  try {
    const first = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0];
    return first ? Number(first) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Waits until a PID namespace's init has exited. The kernel kills every process of the
 * namespace and waits for them before its init becomes a zombie, so once it is a zombie or
 * gone, nothing the program started is left.
 */
async function namespaceGone(initPid: number): Promise<void> {
  const deadline = performance.now() + 5000;
  while (performance.now() < deadline) {
    let state: string;
    try {
      state = (await readFile(`/proc/${initPid}/stat`, 'utf8')).replace(/^.*\) /s, '')[0] ?? 'Z';
    } catch {
      return;
    }
    if (state === 'Z' || state === 'X') return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
