import { z } from 'zod';

/** Text normalisation options shared by the string-matching rules. */
export const normalizeOptions = {
  /** Remove leading and trailing whitespace (default true). */
  trim: z.boolean().optional().describe('Trim whitespace at both ends before comparing'),
  /** Compare case-insensitively (default false). */
  ignoreCase: z.boolean().optional().describe('Compare case-insensitively'),
  /** Turn every run of whitespace into one space (default false). */
  collapseWhitespace: z.boolean().optional().describe('Collapse runs of whitespace to one space'),
  /** Drop punctuation characters (default false). */
  stripPunctuation: z.boolean().optional().describe('Remove punctuation before comparing'),
};

export interface NormalizeOptions {
  readonly trim?: boolean;
  readonly ignoreCase?: boolean;
  readonly collapseWhitespace?: boolean;
  readonly stripPunctuation?: boolean;
}

/**
 * Normalises text for comparison. Always applies Unicode NFC so that `é` typed as one code
 * point or as `e` + accent compares equal.
 *
 * @example
 * normalizeText('  Hello,   World! ', { ignoreCase: true, collapseWhitespace: true, stripPunctuation: true }); // 'hello world'
 */
export function normalizeText(text: string, options: NormalizeOptions): string {
  let out = text.normalize('NFC');
  if (options.stripPunctuation) out = out.replace(/\p{P}/gu, '');
  if (options.collapseWhitespace) out = out.replace(/\s+/gu, ' ');
  if (options.trim ?? true) out = out.trim();
  if (options.ignoreCase) out = out.toLowerCase();
  return out;
}

/** Names the normalisations in effect, for a reason: ` (ignoring case, punctuation)`. */
export function describeNormalization(options: NormalizeOptions): string {
  const parts = [
    options.ignoreCase && 'case',
    options.stripPunctuation && 'punctuation',
    options.collapseWhitespace && 'extra whitespace',
  ].filter(Boolean);
  return parts.length > 0 ? ` (ignoring ${parts.join(', ')})` : '';
}
