import type { Case, ToolCall, ToolDefinition } from '../../core/types.js';

/** How one tool call went: the text sent back to the model, and the error when it failed. */
export interface ToolRunResult {
  /** What the model reads: the result as JSON (text as is), or `Error: …`. */
  readonly content: string;
  /** The result itself, when the tool succeeded. */
  readonly value?: unknown;
  readonly error?: string;
  readonly latencyMs: number;
}

/**
 * The tools of an eval, as a target sees them: their definitions (sent to the model) and a way
 * to run a call. `run` never throws: an unknown tool, malformed arguments or a tool that threw
 * come back as an error result the model can read, and the trajectory records.
 */
export interface Toolbox {
  readonly definitions: readonly ToolDefinition[];
  run(call: ToolCall, context: { readonly testCase: Case; readonly signal: AbortSignal }): Promise<ToolRunResult>;
}

/** A tool's implementation: arguments and the case in, a result (any JSON value) out. */
export type ToolHandler = (
  args: unknown,
  context: { readonly case: Case; readonly signal: AbortSignal },
) => unknown | Promise<unknown>;

/**
 * A toolbox over handlers by tool name. Used by the eval's `tools` list and by code that
 * builds tools in TypeScript.
 *
 * @example
 * const tools = createToolbox([{ name: 'add', parameters: { type: 'object' } }], { add: (a: any) => a.x + a.y });
 */
export function createToolbox(
  definitions: readonly ToolDefinition[],
  handlers: { readonly [name: string]: ToolHandler },
): Toolbox {
  const byName = new Map(Object.entries(handlers));
  return Object.freeze({
    definitions: Object.freeze([...definitions]),
    async run(call: ToolCall, context: { testCase: Case; signal: AbortSignal }): Promise<ToolRunResult> {
      const started = performance.now();
      const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
      const failed = (error: string): ToolRunResult => ({ content: `Error: ${error}`, error, latencyMs: elapsed() });
      if (call.argumentsError) return failed(`${call.name}: ${call.argumentsError}`);
      const handler = byName.get(call.name);
      if (!handler) {
        return failed(`unknown tool '${call.name}'; the tools are ${definitions.map((d) => d.name).join(', ')}`);
      }
      try {
        const value = await handler(call.arguments, { case: context.testCase, signal: context.signal });
        return { content: toolResultText(value), value, latencyMs: elapsed() };
      } catch (error) {
        return failed(`${call.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  });
}

/** A tool result as the model reads it: text as is, anything else as JSON. */
export function toolResultText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? 'null';
}
