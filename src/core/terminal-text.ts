// Anything a user or a model controls (outputs, ids, grader names, reasons, warnings) passes
// through here before it reaches a terminal: an output holding `ESC]0;…BEL ESC[2J` must not
// retitle or clear the reader's terminal, nor a `::error::` line steer a CI runner.

/**
 * Escape sequences: CSI (`ESC[…m` or its one-byte form U+009B), OSC (`ESC]…BEL` or `ESC]…ESC\`),
 * DCS/PM/APC strings (and their one-byte forms), and two-byte ESC codes.
 */
const CSI = /(?:\u001B\[|\u009B)[0-?]*[ -/]*[@-~]/.source;
const STRING = /(?:\u001B[\]PX^_]|[\u0090\u009D\u009E\u009F])[^\u0007\u001B\u009C]*(?:\u0007|\u001B\\|\u009C)?/.source;
const ESCAPE_SEQUENCES = new RegExp(`${CSI}|${STRING}|\u001B[ -~]?`, 'g');
/** Other C0 and C1 controls, DEL, and the bidirectional overrides that reorder what is shown. */
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Removes terminal control sequences and other control characters (keeps tab and newline). */
export function stripControls(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, '').replace(CONTROLS, '');
}

/**
 * CI runners (GitHub Actions) read `::command::` at the start of any output line as a
 * workflow command; a zero-width space after the first colon defuses it while reading the same.
 */
export function neutraliseWorkflowCommands(text: string): string {
  return text.replace(/^(\s*):(?=:)/gm, '$1:\u200B');
}

/**
 * Text from a user or a model, made safe for one terminal line: controls removed, whitespace
 * collapsed, cut at `maxLength`.
 *
 * @example
 * safeTerminalText('ok\u001B]0;pwned\u0007\u001B[2J') // "ok"
 */
export function safeTerminalText(text: unknown, maxLength = 120): string {
  const raw = typeof text === 'string' ? text : (JSON.stringify(text) ?? String(text));
  let t = stripControls(raw).replace(/\s+/g, ' ').trim();
  if (t.length > maxLength) t = `${t.slice(0, maxLength - 1)}…`;
  return neutraliseWorkflowCommands(t);
}

/** Several lines from a user or a model (an error, a hint), made safe for a terminal. */
export function safeTerminalBlock(text: string): string {
  return neutraliseWorkflowCommands(stripControls(text.replace(/\r\n?/g, '\n')));
}
