/**
 * The 1-based line on which each item of a JSON document's case list starts: the top-level
 * array, or the `cases` array of a top-level object. `JSON.parse` gives no positions, and a
 * position-keeping parser is much slower, so this scans the text once for just that.
 * Assumes `text` is valid JSON (parse it first).
 */
export function jsonItemLines(text: string): number[] {
  const lines: number[] = [];
  const stack: string[] = [];
  let line = 1;
  let listDepth = -1;
  let expectItem = false;
  let topKey: string | undefined;
  let topExpectsKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      line += 1;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') continue;
    const atTopObject = stack.length === 1 && stack[0] === '{';
    if (ch === ',') {
      if (stack.length === listDepth) expectItem = true;
      if (atTopObject) topExpectsKey = true;
      continue;
    }
    if (ch === ':') continue;
    if (expectItem && stack.length === listDepth && ch !== ']') {
      lines.push(line);
      expectItem = false;
    }
    if (ch === '"') {
      const start = i;
      for (i += 1; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i += 1;
      if (atTopObject && topExpectsKey) {
        topKey = JSON.parse(text.slice(start, i + 1)) as string;
        topExpectsKey = false;
      }
      continue;
    }
    if (ch === '[' || ch === '{') {
      stack.push(ch);
      if (stack.length === 1 && ch === '{') topExpectsKey = true;
      const isCaseList =
        ch === '[' && (stack.length === 1 || (stack.length === 2 && stack[0] === '{' && topKey === 'cases'));
      if (isCaseList && listDepth === -1) {
        listDepth = stack.length;
        expectItem = true;
      }
    } else if (ch === ']' || ch === '}') {
      if (stack.length === listDepth) listDepth = -2;
      stack.pop();
    }
  }
  return lines;
}
