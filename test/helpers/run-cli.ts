import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const entry = fileURLToPath(new URL('../../src/cli/dev-entry.ts', import.meta.url));
const built = join(root, 'bin/assay.js');
const buildStamp = join(root, 'dist/bundle/meta.json');
// Resolved from the project, so the CLI also starts when the test runs it in another folder.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href.replace(
  /\/dist\/[^/]+$/,
  '/dist/loader.mjs',
);

let args: readonly string[] | undefined;
/**
 * How a test starts `assay`: the built CLI (`bin/assay.js`, what a user runs) when the build is
 * newer than every source file, as under `npm test`, which builds first; otherwise the source
 * through tsx, so a test run after an edit never tests stale code (about 1.5 s more CPU per
 * start). ASSAY_TEST_CLI=source forces the source.
 */
export function cliArgs(): readonly string[] {
  args ??= process.env.ASSAY_TEST_CLI !== 'source' && buildIsFresh() ? [built] : ['--import', tsxLoader, entry];
  return args;
}

function buildIsFresh(): boolean {
  if (!existsSync(buildStamp)) return false;
  const stamp = statSync(buildStamp).mtimeMs;
  const newer = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? newer(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs > stamp,
    );
  return !newer(join(root, 'src'));
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunCliOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly input?: string;
  readonly timeoutMs?: number;
}

/** Runs `assay <args>` in a child process, as a user would from a shell. */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cliArgs(), ...args], {
      cwd: options.cwd ?? root,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

export const projectRoot = root;

export interface StartedCli {
  readonly child: ReturnType<typeof spawn>;
  readonly output: () => { stdout: string; stderr: string };
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  readonly exited: Promise<number | string | null>;
}

/** Starts `assay <args>` and returns at once, for tests that signal or kill the process. */
export function startCli(args: readonly string[], options: RunCliOptions = {}): StartedCli {
  const child = spawn(process.execPath, [...cliArgs(), ...args], {
    cwd: options.cwd ?? root,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('close', (code, signal) => resolve(code ?? signal)),
  );
  return { child, output: () => ({ stdout, stderr }), exited };
}
