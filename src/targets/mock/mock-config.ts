import { z } from 'zod';

/**
 * `{ type: 'mock', reply?: 'echo: {{input}}', replies?: { <caseId>: output }, delayMs? }`: a
 * deterministic fake for demos and tests that need no model, key or network.
 */
export const mockTargetSchema = z.strictObject({
  type: z.literal('mock'),
  name: z.string().min(1).optional().describe('Name shown in reports (default: the type)'),
  reply: z
    .string()
    .optional()
    .describe('A template answered for every case without an entry in `replies` (default `{{input}}`).'),
  replies: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Scripted outputs by case id: a string (the text) or an output object.'),
  delayMs: z.number().int().min(0).optional().describe('Simulated latency per call.'),
});
export type MockTargetConfig = z.infer<typeof mockTargetSchema>;
