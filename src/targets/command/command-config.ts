import { z } from 'zod';
import { splitCommand } from './split-command.js';

/**
 * `{ type: 'command', command: 'python3 bot.py', args?, cwd?, env?, timeoutMs? }`: a process per
 * trial that reads the case as JSON on stdin and writes its answer on stdout. The command is
 * split into words without a shell (use `sh -c '…'` for pipes).
 */
export const commandTargetSchema = z.strictObject({
  type: z.literal('command'),
  name: z.string().min(1).optional(),
  command: z
    .string()
    .trim()
    .min(1, 'command is required, e.g. command: python3 bot.py')
    .refine((c) => splitCommand(c) !== undefined, 'has an unclosed quote'),
  args: z.array(z.string()).optional(),
  cwd: z.string().min(1).optional(),
  env: z.record(z.string(), z.string()).optional(),
  timeoutMs: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("Kill the process after this many ms (the run's own timeout applies too)."),
});
export type CommandTargetConfig = z.infer<typeof commandTargetSchema>;
