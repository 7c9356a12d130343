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
  name: z.string().min(1).optional(),
  url: z.url(),
  method: z.enum(['POST', 'GET']).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
  outputPath: z.string().min(1).optional(),
  ...transportOptionsShape,
});
export type HttpTargetConfig = z.infer<typeof httpTargetSchema>;
