// Output from a model reaches every report: these keep it from breaking the format it lands in.
import { stripControls } from '../core/terminal-text.js';

/** Characters XML 1.0 does not allow anywhere, even escaped (controls, lone surrogates, U+FFFE/F). */
const XML_ILLEGAL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes characters that XML 1.0 forbids. */
export function stripXmlIllegal(text: string): string {
  return text.replace(XML_ILLEGAL, '');
}

/** Escapes text for XML element content and attribute values (quotes included). */
export function escapeXml(text: string): string {
  return stripXmlIllegal(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Text for a CDATA section: `]]>` is split so it cannot close the section early. */
export function escapeCdata(text: string): string {
  return stripXmlIllegal(text).replace(/]]>/g, ']]]]><![CDATA[>');
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Makes text safe for one cell of a Markdown table: one line, pipes and backticks escaped,
 * HTML and emphasis characters neutralised, and no `::` workflow command at a line start.
 */
export function escapeMarkdownCell(text: string, maxLength = 200): string {
  let t = stripControls(text)
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (t.length > maxLength) t = `${t.slice(0, maxLength - 1)}…`;
  return t
    .replace(/\\/g, '\\\\')
    .replace(/([|`*_~[\]#])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Text for an inline Markdown code span outside tables (`…`), where backslash escapes do not apply. */
export function markdownCode(text: string, maxLength = 120): string {
  let t = stripControls(text).replace(/\s+/g, ' ').trim().replace(/`/g, "'");
  if (t.length > maxLength) t = `${t.slice(0, maxLength - 1)}…`;
  return `\`${t}\``;
}

// The terminal-safe formatter lives in core (the CLI and the review queue print with it too).
export { neutraliseWorkflowCommands, safeTerminalText, stripControls } from '../core/terminal-text.js';
