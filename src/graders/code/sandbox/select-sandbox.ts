import { AssayError } from '../../../core/errors.js';
import { bwrapBackend } from './bwrap-sandbox.js';
import { defaultLimits } from './limits.js';
import { findExecutable } from './find-executable.js';
import { noneBackend } from './none-sandbox.js';
import { runSandboxed, type SandboxBackend } from './run-sandboxed.js';
import type { Sandbox, SandboxName } from './sandbox.js';
import { unshareBackend } from './unshare-sandbox.js';

/** What a grader may ask for: a backend by name, or `auto` (bwrap, else unshare). */
export type SandboxChoice = 'auto' | SandboxName;
export const SANDBOX_CHOICES: readonly SandboxChoice[] = ['auto', 'bwrap', 'unshare', 'none'];

const BACKENDS: Readonly<Record<SandboxName, SandboxBackend>> = {
  bwrap: bwrapBackend,
  unshare: unshareBackend,
  none: noneBackend,
};

/** The host tools each backend runs (besides the program itself). */
const TOOLS: Readonly<Record<SandboxName, readonly string[]>> = {
  bwrap: ['bwrap'],
  unshare: ['unshare', 'setpriv', 'chroot', 'mount'],
  none: [],
};

const probes = new Map<SandboxName, Promise<string | null>>();

/** A sandbox over one backend, without checking that it works (see `selectSandbox`). */
export function sandboxOf(name: SandboxName): Sandbox {
  const backend = BACKENDS[name];
  return { name, run: (request) => runSandboxed(backend, request) };
}

/**
 * Why a backend cannot run code on this machine, or null when it can. It checks the tools
 * and then starts `/bin/true` inside; the answer is cached for the process.
 */
export function probeSandbox(name: SandboxName): Promise<string | null> {
  let probe = probes.get(name);
  if (probe === undefined) {
    probe = runProbe(name);
    probes.set(name, probe);
  }
  return probe;
}

async function runProbe(name: SandboxName): Promise<string | null> {
  if (process.platform !== 'linux') return `it needs Linux (this is ${process.platform})`;
  const missing = TOOLS[name].filter((tool) => findExecutable(tool) === null);
  if (missing.length > 0) return `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed`;
  try {
    const limits = defaultLimits({ timeoutMs: 10_000 });
    const result = await sandboxOf(name).run({ command: ['/bin/true'], files: [], limits });
    if (result.exitCode === 0) return null;
    return `a test program exited with ${result.signal ?? result.exitCode}: ${result.stderr.trim()}`;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The sandbox a code grader runs in. `auto` takes bwrap, else unshare; when neither works
 * (macOS, a locked-down container) it is a configuration error that says what to install.
 *
 * @example
 * const sandbox = await selectSandbox('auto'); // sandbox.name === 'bwrap' on most Linux machines
 */
export async function selectSandbox(choice: SandboxChoice): Promise<Sandbox> {
  const order: SandboxName[] = choice === 'auto' ? ['bwrap', 'unshare'] : [choice];
  const reasons: string[] = [];
  for (const name of order) {
    const reason = await probeSandbox(name);
    if (reason === null) return sandboxOf(name);
    reasons.push(`${name}: ${reason}`);
  }
  throw new AssayError('SANDBOX_UNAVAILABLE', `No sandbox can run code on this machine (${reasons.join('; ')}).`, {
    hint:
      'Install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap) or ' +
      'util-linux, and allow user namespaces. ' +
      'To run model code without isolation, set `sandbox: none` on the grader.',
  });
}
