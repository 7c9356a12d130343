import { z } from 'zod';

/** `{ type: 'function', module: './bot.ts', export?: 'default', name? }`: a TS/JS module's exported function. */
export const functionTargetSchema = z.strictObject({
  type: z.literal('function'),
  name: z.string().min(1).optional().describe('Name shown in reports (default: the type)'),
  module: z
    .string()
    .min(1, 'module is required: the path of a .ts or .js file, e.g. module: ./bot.ts')
    .describe('Path of the .ts or .js module exporting the target function'),
  export: z.string().min(1).optional().describe('Name of the exported function (default: the default export)'),
});
export type FunctionTargetConfig = z.infer<typeof functionTargetSchema>;
