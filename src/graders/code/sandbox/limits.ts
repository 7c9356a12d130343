import type { SandboxLimits } from './sandbox.js';

const MiB = 1024 * 1024;

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
 * `prlimit` arguments applying the limits to the command that follows (rlimits are inherited
 * by every process it starts). CPU gets a soft limit (SIGXCPU) one second before the hard one.
 */
export function prlimitArgs(limits: SandboxLimits): string[] {
  return [
    'prlimit',
    `--as=${limits.memoryMb * MiB}`,
    `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`,
    `--fsize=${limits.fileSizeMb * MiB}`,
    `--nproc=${limits.processes}`,
    '--core=0',
    '--',
  ];
}
