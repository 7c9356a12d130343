import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { AssayError } from '../../core/errors.js';
import { minimalProgramEnv } from '../../core/program-env.js';
import type { Case, TargetFingerprint, TargetOutput } from '../../core/types.js';
import { isTargetOutputLike } from '../output/to-target-output.js';
import type { Target, TargetEnvironment } from '../target.js';
import { renderTemplate } from '../template/prompt-template.js';
import type { CommandTargetConfig } from './command-config.js';
import { splitCommand } from './split-command.js';

const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
const KILL_GRACE_MS = 2_000;

/** The minimal program environment, plus what `env:` lists (values may read `{{env.NAME}}` or case fields). */
function programEnv(env: NodeJS.ProcessEnv, extra: CommandTargetConfig['env'], testCase: Case): NodeJS.ProcessEnv {
  return minimalProgramEnv(
    env,
    Object.fromEntries(
      Object.entries(extra ?? {}).map(([name, value]) => [name, renderTemplate(value, testCase, env)]),
    ),
  );
}

/**
 * Runs a process per trial: the case goes to stdin as JSON, the answer comes from stdout —
 * a JSON object with `text` or `value` is taken as the output, anything else as trimmed text.
 * A non-zero exit fails the trial with the end of stderr; abort or timeout kills the process.
 *
 * @example
 * const target = createCommandTarget({ type: 'command', command: 'python3 bot.py' }, { baseDir: '.', env: process.env });
 */
export function createCommandTarget(config: CommandTargetConfig, environment: TargetEnvironment): Target {
  const words = [...(splitCommand(config.command) ?? []), ...(config.args ?? [])];
  const [file, ...args] = words;
  const cwd = resolve(environment.baseDir, config.cwd ?? '.');
  const name = config.name ?? `command:${file}`;
  const fingerprint: TargetFingerprint = Object.freeze({ kind: 'command', name, params: { command: words } });
  return {
    name,
    fingerprint: () => fingerprint,
    call(testCase, ctx) {
      return new Promise<TargetOutput>((resolvePromise, reject) => {
        if (ctx.signal.aborted) return reject(ctx.signal.reason);
        const started = performance.now();
        const env = programEnv(environment.env, config.env, testCase);
        const child = spawn(file, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
        const stdout: Buffer[] = [];
        let stdoutBytes = 0;
        let stderr = '';
        let killedFor: string | undefined;
        let killTimer: NodeJS.Timeout | undefined;
        const kill = (why: string) => {
          if (killedFor !== undefined || child.exitCode !== null) return;
          killedFor = why;
          child.kill('SIGTERM');
          // Why SIGKILL later: a process may trap or ignore SIGTERM, and a trial must not hang.
          killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
          killTimer.unref();
        };
        const onAbort = () => kill('aborted');
        ctx.signal.addEventListener('abort', onAbort, { once: true });
        const timeout =
          config.timeoutMs === undefined
            ? undefined
            : setTimeout(() => kill(`timed out after ${config.timeoutMs} ms`), config.timeoutMs);
        const finish = () => {
          ctx.signal.removeEventListener('abort', onAbort);
          if (timeout) clearTimeout(timeout);
        };
        child.stdout.on('data', (chunk: Buffer) => {
          stdoutBytes += chunk.length;
          if (stdoutBytes > MAX_OUTPUT_BYTES) kill(`wrote more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MB on stdout`);
          else stdout.push(chunk);
        });
        child.stderr.on('data', (chunk: Buffer) => {
          stderr = (stderr + chunk.toString()).slice(-4_000);
        });
        // Why ignore stdin errors: a process that exits without reading its input causes EPIPE, which is not a failure.
        child.stdin.on('error', () => {});
        child.stdin.end(JSON.stringify(testCase));
        child.on('error', (error: NodeJS.ErrnoException) => {
          finish();
          reject(
            new AssayError(
              'TARGET_COMMAND_FAILED',
              `Could not start '${file}' for case '${testCase.id}': ${error.code ?? error.message}`,
              {
                hint:
                  error.code === 'ENOENT'
                    ? `Check that '${file}' is installed and on PATH, or give its full path in target.command.`
                    : undefined,
              },
            ),
          );
        });
        child.on('close', (code, signal) => {
          finish();
          if (killTimer) clearTimeout(killTimer);
          if (killedFor === 'aborted')
            return reject(
              ctx.signal.reason instanceof Error
                ? ctx.signal.reason
                : new AssayError('TARGET_ABORTED', `Command '${file}' was stopped for case '${testCase.id}'.`),
            );
          if (killedFor !== undefined)
            return reject(
              new AssayError(
                'TARGET_COMMAND_FAILED',
                `Command '${file}' ${killedFor} on case '${testCase.id}' and was killed.`,
              ),
            );
          if (code !== 0) {
            const tail = stderr.trim().split('\n').slice(-5).join('\n').slice(-500);
            return reject(
              new AssayError(
                'TARGET_COMMAND_FAILED',
                `Command '${file}' exited with ${code === null ? `signal ${signal}` : `code ${code}`} on case '${testCase.id}'${tail ? `: ${tail}` : ' (no stderr)'}`,
              ),
            );
          }
          const latencyMs = Math.round((performance.now() - started) * 10) / 10;
          resolvePromise({ ...parseStdout(Buffer.concat(stdout).toString('utf8')), latencyMs });
        });
      });
    },
  };
}

function parseStdout(text: string): TargetOutput {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (
        isTargetOutputLike(parsed) &&
        ((parsed as TargetOutput).text !== undefined || (parsed as TargetOutput).value !== undefined)
      )
        return parsed;
    } catch {
      // Not JSON: the text itself is the answer.
    }
  }
  return { text: trimmed };
}
