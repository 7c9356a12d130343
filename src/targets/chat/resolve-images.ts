import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, resolve } from 'node:path';
import { AssayError } from '../../core/errors.js';
import type { ChatMessage, ContentPart } from '../../core/types.js';

const MEDIA_TYPES: { readonly [ext: string]: string } = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

/** The media type of an image file by its extension, or undefined when it is not one we send. */
export function imageMediaType(path: string): string | undefined {
  return MEDIA_TYPES[extname(path).toLowerCase()];
}

/**
 * The messages with every image `path` read (now, at call time) into a `data:` URI, so each
 * dialect can send it in its own format. A file that is gone by now is an error naming it.
 */
export async function resolveImages(messages: readonly ChatMessage[], baseDir: string): Promise<ChatMessage[]> {
  return Promise.all(
    messages.map(async (m) => {
      if (typeof m.content === 'string' || !m.content.some((p) => p.type === 'image' && p.path !== undefined)) return m;
      const content = await Promise.all(m.content.map((part) => resolvePart(part, baseDir)));
      return { ...m, content };
    }),
  );
}

async function resolvePart(part: ContentPart, baseDir: string): Promise<ContentPart> {
  if (part.type !== 'image' || part.path === undefined) return part;
  const file = isAbsolute(part.path) ? part.path : resolve(baseDir, part.path);
  const mediaType = imageMediaType(file);
  if (mediaType === undefined) {
    throw new AssayError('IMAGE_UNSUPPORTED', `The image ${part.path} is not a PNG, JPEG, GIF or WebP file.`, {
      hint: 'Convert it to one of those formats.',
    });
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new AssayError('IMAGE_NOT_FOUND', `The image ${part.path} could not be read (looked in ${baseDir}).`, {
      hint: 'Image paths are relative to the dataset file; check the file is still there.',
    });
  }
  const { path: _path, ...rest } = part;
  return { ...rest, url: `data:${mediaType};base64,${bytes.toString('base64')}` };
}
