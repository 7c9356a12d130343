import { z } from 'zod';
import { transportOptionsShape } from '../chat/chat-config.js';

/**
 * `{ type: 'http', url, method?, headers?, body?, outputPath? }`: a JSON POST to any endpoint.
 * `body` is a JSON template (a string that is exactly `{{input}}` keeps the value's type);
 * headers may read secrets with `{{env.NAME}}` and such headers never reach the cache key;
 * `outputPath` picks the answer out of the reply, e.g. `choices.0.message.content`.
 * Caching is off unless `cache: true`.
 */
export const httpTargetSchema = z.strictObject({
  type: z.literal('http'),
  name: z.string().min(1).optional().describe('Name shown in reports (default: the type)'),
  url: z.url().describe('The endpoint'),
  method: z.enum(['POST', 'GET']).optional().describe('HTTP method (default POST)'),
  headers: z
    .record(z.string(), z.string())
    .optional()
    .describe('Request headers; {{env.NAME}} reads a secret (never part of the cache key)'),
  body: z.unknown().optional().describe('A JSON template; a string that is exactly {{input}} keeps the value’s type'),
  outputPath: z
    .string()
    .min(1)
    .optional()
    .describe('Where the answer is in the reply, e.g. choices.0.message.content (default: the whole reply)'),
  ...transportOptionsShape,
});
export type HttpTargetConfig = z.infer<typeof httpTargetSchema>;
