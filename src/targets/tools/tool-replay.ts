import { readFile } from 'node:fs/promises';
import { AssayError, type Issue } from '../../core/errors.js';
import { canonicalJson } from '../../core/hash.js';
import type { ToolHandler } from './toolbox.js';

interface ReplayEntry {
  readonly tool: string;
  readonly caseId?: string;
  readonly arguments?: string;
  readonly result?: unknown;
  readonly error?: string;
}

/**
 * Handlers that answer from recorded results: a JSONL file whose lines are
 * `{ "tool", "caseId"?, "arguments"?, "result" | "error" }`. A call takes the most specific
 * line that matches (same case and arguments, then same case, then same arguments, then the
 * tool alone); no match is a tool error naming the tool and arguments.
 */
export async function readToolReplay(path: string, label: string): Promise<Map<string, ToolHandler>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new AssayError('TOOLS_INVALID', `The tool replay file ${label} does not exist.`, {
      hint: 'Replay paths resolve against the eval file’s folder.',
    });
  }
  const entries: ReplayEntry[] = [];
  const issues: Issue[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${label}:${i + 1}`;
    let row: any;
    try {
      row = JSON.parse(line);
    } catch (error) {
      issues.push({ code: 'invalid_syntax', path: where, message: `not JSON: ${(error as Error).message}` });
      return;
    }
    if (row === null || typeof row !== 'object' || typeof row.tool !== 'string') {
      issues.push({ code: 'missing_field', path: where, message: 'tool: is required (the tool name)' });
      return;
    }
    if (!('result' in row) && typeof row.error !== 'string') {
      issues.push({ code: 'missing_field', path: where, message: 'result: is required (or "error": "…")' });
      return;
    }
    entries.push({
      tool: row.tool,
      ...(row.caseId !== undefined && { caseId: String(row.caseId) }),
      ...(row.arguments !== undefined && { arguments: canonicalJson(row.arguments) }),
      result: row.result,
      ...(typeof row.error === 'string' && { error: row.error }),
    });
  });
  if (issues.length > 0) {
    throw new AssayError('TOOLS_INVALID', `The tool replay file ${label} has ${issues.length} bad line(s).`, {
      issues,
      hint: 'Each line is {"tool": "lookup_order", "caseId": "c1", "arguments": {…}, "result": …}.',
    });
  }
  const handlers = new Map<string, ToolHandler>();
  for (const tool of new Set(entries.map((e) => e.tool))) {
    const mine = entries.filter((e) => e.tool === tool);
    handlers.set(tool, (args, { case: testCase }) => {
      const key = canonicalJson(args);
      const rank = (e: ReplayEntry) =>
        (e.caseId === undefined ? 0 : e.caseId === testCase.id ? 2 : -10) +
        (e.arguments === undefined ? 0 : e.arguments === key ? 1 : -10);
      const best = mine
        .map((e) => ({ e, r: rank(e) }))
        .filter((x) => x.r >= 0)
        .sort((a, b) => b.r - a.r)[0]?.e;
      if (!best) throw new Error(`no recorded result for ${tool}(${key}) in case '${testCase.id}'`);
      if (best.error !== undefined) throw new Error(best.error);
      return best.result;
    });
  }
  return handlers;
}
