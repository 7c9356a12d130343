import { readFile } from 'node:fs/promises';
import { AssayError } from '../../core/errors.js';
import type { ChatMessage } from '../../core/types.js';
import type { ImportReport } from './import-report.js';

/** Reads an input file, or says it is missing. */
export async function readInput(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new AssayError('IMPORT_FILE_UNREADABLE', `Cannot read ${what} ${path}: ${(error as Error).message}`, {
      hint: 'Check the path; relative paths resolve against the current folder.',
    });
  }
}

/** Each non-empty line of a JSONL file parsed, with its line number; bad JSON is a note, not a crash. */
export function jsonLines(text: string, file: string, report: ImportReport): { line: number; value: unknown }[] {
  const out: { line: number; value: unknown }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    try {
      out.push({ line: i + 1, value: JSON.parse(raw) });
    } catch (error) {
      report.note(`${file}:${i + 1}`, `not JSON (${(error as Error).message}); line skipped`);
    }
  });
  return out;
}

/** Segment fields Assay can keep (string, number, boolean, null); anything else is noted. */
export function flatMetadata(
  raw: unknown,
  where: string,
  report: ImportReport,
): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  if (raw === null || raw === undefined) return out;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    report.note(where, 'metadata is not an object; not kept');
    return out;
  }
  for (const [key, value] of Object.entries(raw)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      out[key] = value as string | number | boolean | null;
    else
      report.note(
        where,
        `metadata.${key} is ${Array.isArray(value) ? 'a list' : 'an object'}; Assay segment fields are flat, not kept`,
      );
  }
  return out;
}

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);

/**
 * Chat messages in Assay's shape. Content given as a list of parts keeps its text parts; other
 * parts (images, audio) are noted. Returns undefined when the value is not a message list.
 */
export function chatMessages(raw: unknown, where: string, report: ImportReport): ChatMessage[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const messages: ChatMessage[] = [];
  for (const [i, m] of raw.entries()) {
    const role = (m as { role?: unknown })?.role;
    if (typeof role !== 'string' || !ROLES.has(role)) return undefined;
    messages.push({
      role: role as ChatMessage['role'],
      content: messageText((m as { content?: unknown }).content, `${where} message ${i + 1}`, report),
    });
  }
  return messages;
}

/** The text of a message's content: a string, or the text parts of a list of parts. */
export function messageText(content: unknown, where: string, report: ImportReport): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return content === undefined || content === null ? '' : JSON.stringify(content);
  const texts: string[] = [];
  for (const part of content) {
    const p = part as { type?: unknown; text?: unknown };
    if (p?.type === 'text' && typeof p.text === 'string') texts.push(p.text);
    else report.note(where, `a ${String(p?.type ?? 'non-text')} content part has no Assay equivalent; not kept`);
  }
  return texts.join('\n');
}

/** A score value as Assay's [0, 1] value and pass, or undefined (and a note) when it has none. */
export function numericScore(
  value: unknown,
  where: string,
  report: ImportReport,
): { value: number; pass?: boolean } | undefined {
  if (typeof value === 'boolean') return { value: value ? 1 : 0, pass: value };
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1) {
    return value === 0 || value === 1 ? { value, pass: value === 1 } : { value };
  }
  report.note(where, `score ${JSON.stringify(value)} is not a number in [0, 1] or a boolean; not kept`);
  return undefined;
}
