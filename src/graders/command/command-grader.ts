import { resolve } from 'node:path';
import { z } from 'zod';
import { minimalProgramEnv } from '../../core/program-env.js';
import { runProgram } from '../../core/run-program.js';
import { splitCommand } from '../../targets/command/split-command.js';
import type { Grader, GraderResult } from '../grader.js';
import type { GraderEnvironment } from '../registry.js';
import { graderConfigError, parseGraderOptions } from '../rules/grader-config.js';
import { ruleSchema, thresholdOption } from '../rules/rule-options.js';

export const commandGraderSchema = ruleSchema('command', {
  command: z
    .string()
    .min(1, 'must be a program to run, e.g. python3 grade.py')
    .describe(
      'The program and its arguments, split like a shell would (no pipes or variables), e.g. `python3 grade.py`.',
    ),
  args: z.array(z.string()).optional().describe('More arguments, after those in `command`.'),
  cwd: z.string().optional().describe("Working folder, relative to the eval file (default: the eval file's folder)."),
  timeoutMs: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Milliseconds before the program is stopped and the score is an error (default 30 000).'),
  env: z
    .record(z.string(), z.string())
    .optional()
    .describe(
      'Variables the program gets besides the minimal environment (PATH, HOME, locale…); secrets only by name here.',
    ),
  threshold: thresholdOption.describe('Pass threshold on `value` when the program does not say `pass` (default 1).'),
});

export type CommandGraderOptions = z.input<typeof commandGraderSchema>;

const replySchema = z.object({
  value: z.number().min(0).max(1),
  pass: z.boolean().optional(),
  reason: z.string().optional(),
  label: z.string().optional(),
});

/**
 * A grader written in any language: the program reads `{"case": …, "output": …}` as JSON on
 * stdin and prints `{"value": 0..1, "pass"?: bool, "reason"?: "…"}`. A reply that is not that,
 * a non-zero exit or a timeout makes the score an error with the reason.
 *
 * @example
 * // graders: [{ type: command, name: tone, command: python3 grade_tone.py, timeoutMs: 5000 }]
 */
export function commandGrader(options: CommandGraderOptions, environment: GraderEnvironment): Grader {
  const o = parseGraderOptions(commandGraderSchema, options, options?.name ?? 'command');
  const name = o.name ?? 'command';
  const words = splitCommand(o.command);
  if (!words || words.length === 0) {
    throw graderConfigError(name, [{ code: 'invalid_value', path: 'command', message: 'has an unclosed quote' }]);
  }
  const [file, ...args] = [...words, ...(o.args ?? [])];
  const cwd = resolve(environment.baseDir, o.cwd ?? '.');
  const env = minimalProgramEnv(environment.env, o.env);
  const timeoutMs = o.timeoutMs ?? 30_000;
  return {
    name,
    kind: 'custom',
    threshold: o.threshold ?? 1,
    async grade(testCase, output, ctx): Promise<GraderResult> {
      const input = JSON.stringify({ case: testCase, output });
      let result;
      try {
        result = await runProgram({ file, args, cwd, env, input, timeoutMs, signal: ctx.signal });
      } catch (error) {
        throw new Error(`could not start ${file}: ${(error as Error).message}`);
      }
      const tail = result.stderr.trim().split('\n').slice(-3).join(' | ');
      if (result.killedFor) throw new Error(`${file} ${result.killedFor}`);
      if (result.exitCode !== 0)
        throw new Error(`${file} exited with code ${result.exitCode}${tail ? `: ${tail}` : ''}`);
      return parseReply(result.stdout, file);
    },
  };
}

function parseReply(stdout: string, file: string): GraderResult {
  const text = stdout.trim();
  let json: unknown;
  try {
    json = JSON.parse(text.split('\n').at(-1) ?? '');
  } catch {
    throw new Error(`${file} did not print a JSON reply on its last line (got ${JSON.stringify(text.slice(0, 80))})`);
  }
  const reply = replySchema.safeParse(json);
  if (!reply.success) {
    const issue = reply.error.issues[0];
    throw new Error(
      `${file} replied ${JSON.stringify(json)?.slice(0, 80)}: ${issue.path.join('.') || 'reply'} ${issue.message}`,
    );
  }
  return reply.data;
}
