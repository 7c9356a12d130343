import { z } from 'zod';

/** `{ type: 'replay', path }`: a JSONL file of recorded outputs, one `{ caseId, output, repeat? }` a line. */
export const replayTargetSchema = z.strictObject({
  type: z.literal('replay'),
  name: z.string().min(1).optional().describe('Name shown in reports (default: the type)'),
  path: z
    .string()
    .min(1, 'path is required: a JSONL file of { "caseId", "output", "repeat"? } lines')
    .describe('A JSONL file of { caseId, output, repeat? } lines to replay as outputs'),
});
export type ReplayTargetConfig = z.infer<typeof replayTargetSchema>;
