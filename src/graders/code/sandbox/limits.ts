import type { SandboxLimits } from './sandbox.js';

/** Limits used when a grader sets none: 10 s, 512 MiB, 64 MiB files, 64 processes. */
export function defaultLimits(overrides: Partial<SandboxLimits> = {}): SandboxLimits {
  const timeoutMs = overrides.timeoutMs ?? 10_000;
  return {
    timeoutMs,
    memoryMb: overrides.memoryMb ?? 512,
    cpuSeconds: overrides.cpuSeconds ?? Math.ceil(timeoutMs / 1000) + 1,
    fileSizeMb: overrides.fileSizeMb ?? 64,
    processes: overrides.processes ?? 64,
  };
}

/**
 * Shell commands (builtins, no extra process) that apply the limits to the program the shell
 * then becomes; rlimits are inherited by everything it starts. CPU gets a soft limit (SIGXCPU)
 * one second before the hard one. `-p` is dash's name for the process limit (`-u` in bash);
 * `-f` counts 512-byte blocks in both when run as `sh`.
 */
export function ulimitScript(limits: SandboxLimits): string {
  const kb = limits.memoryMb * 1024;
  return [
    `ulimit -S -t ${limits.cpuSeconds}`,
    `ulimit -H -t ${limits.cpuSeconds + 1}`,
    `ulimit -v ${kb}`,
    `ulimit -f ${limits.fileSizeMb * 2048}`,
    'ulimit -c 0',
    `{ ulimit -u ${limits.processes} 2>/dev/null || ulimit -p ${limits.processes}; }`,
  ].join(' && ');
}
