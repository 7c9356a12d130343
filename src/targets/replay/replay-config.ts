import { z } from 'zod';

/** `{ type: 'replay', path }`: a JSONL file of recorded outputs, one `{ caseId, output, repeat? }` a line. */
export const replayTargetSchema = z.strictObject({
  type: z.literal('replay'),
  name: z.string().min(1).optional(),
  path: z.string().min(1, 'path is required: a JSONL file of { "caseId", "output", "repeat"? } lines'),
});
export type ReplayTargetConfig = z.infer<typeof replayTargetSchema>;
