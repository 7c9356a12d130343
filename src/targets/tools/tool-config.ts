import { z } from 'zod';

const toolResultSchema = z.union([
  /** The same value for every case. */
  z.strictObject({ value: z.unknown() }),
  /** A fixed value per case id, with an optional fallback. */
  z.strictObject({ byCase: z.record(z.string(), z.unknown()), default: z.unknown().optional() }),
  /** A function `(args, { case, signal }) => result` exported by a module (relative to the eval file). */
  z.strictObject({ module: z.string().min(1), export: z.string().min(1).optional() }),
  /** Recorded results: a JSONL file of `{ "tool", "caseId"?, "arguments"?, "result" | "error" }`. */
  z.strictObject({ replay: z.string().min(1) }),
]);

/**
 * One tool of an eval's `tools` list: what the model sees (`name`, `description`,
 * `parameters` as a JSON Schema) and where its results come from (`result`).
 *
 * @example
 * { name: 'lookup_order', parameters: { type: 'object', properties: { id: { type: 'string' } } },
 *   result: { module: './tools.ts', export: 'lookupOrder' } }
 */
export const toolSpecSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or - (what every chat API accepts)'),
  description: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).default({ type: 'object', properties: {} }),
  result: toolResultSchema,
});

export type ToolSpec = z.input<typeof toolSpecSchema>;
export type ParsedToolSpec = z.output<typeof toolSpecSchema>;
