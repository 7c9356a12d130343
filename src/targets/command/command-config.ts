import { z } from 'zod';
import { splitCommand } from './split-command.js';

/**
 * `{ type: 'command', command: 'python3 bot.py', args?, cwd?, env?, timeoutMs? }`: a process per
 * trial that reads the case as JSON on stdin and writes its answer on stdout. The command is
 * split into words without a shell (use `sh -c '…'` for pipes).
 */
export const commandTargetSchema = z.strictObject({
  type: z.literal('command'),
  name: z.string().min(1).optional().describe('Name shown in reports (default: the type)'),
  command: z
    .string()
    .trim()
    .min(1, 'command is required, e.g. command: python3 bot.py')
    .refine((c) => splitCommand(c) !== undefined, 'has an unclosed quote')
    .describe('The program and its arguments, split into words without a shell (use sh -c for pipes)'),
  args: z.array(z.string()).optional().describe('Extra arguments after the command'),
  cwd: z.string().min(1).optional().describe('Working directory (relative to the eval file)'),
  env: z
    .record(z.string(), z.string())
    .optional()
    .describe('Extra environment variables; the process otherwise gets a minimal environment'),
  timeoutMs: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("Kill the process after this many ms (the run's own timeout applies too)."),
});
export type CommandTargetConfig = z.infer<typeof commandTargetSchema>;
