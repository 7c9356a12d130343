import type { IssueCode } from '../core/errors.js';
import type { ContentPart, MessageContent } from '../core/types.js';

type Problem = (code: IssueCode, field: string, message: string) => void;

/**
 * Checks a message's content: a string, or a non-empty list of parts
 * (`{ "type": "text", "text" }`, `{ "type": "image", "url" | "path", "alt"? }`). An image `url`
 * is an http(s) URL or a `data:image/…;base64,` URI; a `path` is relative to the dataset file
 * (its existence is checked by the loader, which knows the folder).
 */
export function parseContent(value: unknown, field: string, problem: Problem): MessageContent | undefined {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value) || value.length === 0) {
    problem(
      'invalid_type',
      field,
      `must be a string or a list of parts like [{"type": "text", "text": "…"}, {"type": "image", "path": "photo.png"}], got ${got(value)}`,
    );
    return undefined;
  }
  let ok = true;
  value.forEach((part: unknown, i) => {
    const where = `${field}[${i}]`;
    const p = part as Record<string, unknown> | null;
    if (p === null || typeof p !== 'object' || Array.isArray(p)) {
      problem('invalid_type', where, 'a content part must be an object with a "type"');
      ok = false;
      return;
    }
    if (p.type === 'text') {
      if (typeof p.text !== 'string') ok = fail(problem, 'invalid_type', `${where}.text`, 'must be a string');
      for (const key of Object.keys(p)) if (key !== 'type' && key !== 'text') ok = unknown(problem, where, key);
      return;
    }
    if (p.type !== 'image') {
      ok = fail(problem, 'invalid_value', `${where}.type`, `must be "text" or "image", got ${JSON.stringify(p.type)}`);
      return;
    }
    for (const key of Object.keys(p))
      if (!['type', 'url', 'path', 'alt'].includes(key)) ok = unknown(problem, where, key);
    if ((p.url === undefined) === (p.path === undefined)) {
      ok = fail(problem, 'missing_field', where, 'an image needs exactly one of "url" (https or data: URI) or "path"');
    } else if (p.url !== undefined && !isImageUrl(p.url)) {
      ok = fail(problem, 'invalid_value', `${where}.url`, 'must be an http(s) URL or a data:image/…;base64, URI');
    } else if (p.path !== undefined && (typeof p.path !== 'string' || p.path.trim() === '')) {
      ok = fail(problem, 'invalid_type', `${where}.path`, 'must be a file path relative to the dataset');
    }
    if (p.alt !== undefined && typeof p.alt !== 'string')
      ok = fail(problem, 'invalid_type', `${where}.alt`, 'must be a string');
  });
  return ok ? (value as ContentPart[]) : undefined;
}

/** Every image file path in a content value, for the loader's existence check. */
export function imagePaths(content: MessageContent | undefined): string[] {
  if (content === undefined || typeof content === 'string') return [];
  return content.flatMap((p) => (p.type === 'image' && p.path !== undefined ? [p.path] : []));
}

function isImageUrl(value: unknown): boolean {
  return typeof value === 'string' && (/^https?:\/\/\S+$/i.test(value) || /^data:image\/[\w.+-]+;base64,/i.test(value));
}

function fail(problem: Problem, code: IssueCode, field: string, message: string): false {
  problem(code, field, message);
  return false;
}

function unknown(problem: Problem, where: string, key: string): false {
  return fail(problem, 'unknown_field', `${where}.${key}`, 'unknown field; a part has type, text, url, path, alt');
}

function got(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an empty list';
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : JSON.stringify(value);
}
