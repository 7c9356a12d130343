import { spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import type { SandboxName, SandboxRequest, SandboxResult } from './sandbox.js';
import { SandboxStartError } from './sandbox.js';
import { runningAsRoot, SANDBOX_ENV, SANDBOX_GID, SANDBOX_UID } from './sandbox-user.js';
import { TailBuffer } from './tail-buffer.js';

/** How one backend wraps a command. The shared runner does files, limits of time, output and cleanup. */
export interface SandboxBackend {
  readonly name: SandboxName;
  /** The full argv that runs `inner` (already wrapped by `readyPrefix`) in `dirs.work`. */
  argv(dirs: ScratchDirs, inner: readonly string[], request: SandboxRequest): string[];
}

/** Host folders of one execution: `work` holds the files, `root` is an empty mount point a backend may use. */
export interface ScratchDirs {
  readonly work: string;
  readonly root: string;
}

/** Largest stdout/stderr tail kept per execution. */
export const OUTPUT_TAIL_BYTES = 16 * 1024;

/**
 * Runs just before the user's program, inside the sandbox: it writes one byte to fd 3 (so the
 * runner knows the sandbox started), closes fd 3 and replaces itself with the program.
 */
function readyPrefix(command: readonly string[]): string[] {
  return ['/bin/sh', '-c', 'printf . >&3 && exec 3>&- && exec "$@"', 'sh', ...command];
}

/**
 * Writes the request's files into a fresh private directory, runs the backend's command in
 * its own process group, kills the whole group on the wall clock or once the program exits,
 * and deletes the directory. Rejects with `SandboxStartError` only when the sandbox never
 * reached the program.
 */
export async function runSandboxed(backend: SandboxBackend, request: SandboxRequest): Promise<SandboxResult> {
  const scratch = await mkdtemp(join(tmpdir(), 'assay-sandbox-'));
  const dirs = { work: join(scratch, 'work'), root: join(scratch, 'root') };
  try {
    await mkdir(dirs.work, { mode: 0o700 });
    await mkdir(dirs.root, { mode: 0o700 });
    await writeFiles(dirs.work, request);
    return await launch(backend, dirs, request);
  } finally {
    await rm(scratch, { recursive: true, force: true, maxRetries: 3 });
  }
}

async function writeFiles(workDir: string, request: SandboxRequest): Promise<void> {
  const root = runningAsRoot();
  if (root) {
    // The sandbox user must reach its working directory through the (root-owned) scratch folder.
    await chmod(dirname(workDir), 0o711);
    await chown(workDir, SANDBOX_UID, SANDBOX_GID);
  }
  for (const file of request.files) {
    const rel = normalize(file.path);
    if (isAbsolute(rel) || rel.startsWith('..')) throw new Error(`sandbox file '${file.path}' must be a relative path inside the sandbox`);
    const path = join(workDir, rel);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content, { mode: 0o644 });
    if (root) await chown(path, SANDBOX_UID, SANDBOX_GID);
  }
}

function launch(backend: SandboxBackend, dirs: ScratchDirs, request: SandboxRequest): Promise<SandboxResult> {
  const argv = backend.argv(dirs, readyPrefix(request.command), request);
  const started = performance.now();
  return new Promise<SandboxResult>((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: dirs.work,
      env: { ...SANDBOX_ENV },
      detached: true,
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
    child.stdout?.on('data', (c: Buffer) => stdout.push(c));
    child.stderr?.on('data', (c: Buffer) => stderr.push(c));
    const readyPipe = child.stdio[3] as NodeJS.ReadableStream | null;
    readyPipe?.on('data', () => (ready = true));
    readyPipe?.on('error', () => undefined);
    child.on('error', (error) => (spawnError = error));
    child.on('exit', () => killGroup());
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const durationMs = performance.now() - started;
      if (!ready && !timedOut) {
        const detail = spawnError?.message ?? (stderr.text().trim() || `exited with ${signal ?? code}`);
        reject(new SandboxStartError(backend.name, detail));
        return;
      }
      resolve({ exitCode: code, signal, timedOut, stdout: stdout.text(), stderr: stderr.text(), durationMs });
    });
  });
}
