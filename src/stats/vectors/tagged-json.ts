/**
 * A small JSON parser that remembers which numbers were written as integer literals.
 *
 * Why: the vector format says integers compare exactly and floats within tolerance, but
 * `JSON.parse` turns both `7` and `7.0` into the same number. The reference files write
 * counts (n, df, table cells) as `7` and computed floats as `7.0`, so the literal is the
 * only place the distinction survives.
 */

/** Parsed value plus the set of (container, key) pairs whose literal was an integer. */
export interface TaggedJson {
  value: unknown;
  isIntegerLiteral(container: object, key: string | number): boolean;
}

/** Parse JSON text, tagging integer literals. Throws SyntaxError on malformed input. */
export function parseTaggedJson(text: string): TaggedJson {
  const marks = new WeakMap<object, Set<string | number>>();
  let i = 0;
  const err = (msg: string): never => {
    throw new SyntaxError(`${msg} at offset ${i}`);
  };
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const mark = (container: object, key: string | number): void => {
    let s = marks.get(container);
    if (!s) marks.set(container, (s = new Set()));
    s.add(key);
  };
  const parseString = (): string => {
    const start = i;
    i++;
    let escaped = false;
    while (i < text.length) {
      const ch = text[i];
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') break;
      i++;
    }
    if (i >= text.length) err('unterminated string');
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  // Returns [value, isIntegerLiteral].
  const parseValue = (): [unknown, boolean] => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return [obj, false];
      }
      for (;;) {
        ws();
        if (text[i] !== '"') err('expected a key');
        const key = parseString();
        ws();
        if (text[i] !== ':') err('expected ":"');
        i++;
        const [v, isInt] = parseValue();
        obj[key] = v;
        if (isInt) mark(obj, key);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return [obj, false];
        }
        err('expected "," or "}"');
      }
    }
    if (ch === '[') {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return [arr, false];
      }
      for (;;) {
        const [v, isInt] = parseValue();
        if (isInt) mark(arr, arr.length);
        arr.push(v);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return [arr, false];
        }
        err('expected "," or "]"');
      }
    }
    if (ch === '"') return [parseString(), false];
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m) {
      i += m[0].length;
      return [Number(m[0]), m[1] === undefined && m[2] === undefined];
    }
    for (const [word, val] of [
      ['true', true],
      ['false', false],
      ['null', null],
      ['NaN', NaN],
      ['Infinity', Infinity],
      ['-Infinity', -Infinity],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return [val, false];
      }
    }
    return err('unexpected token');
  };
  const [value] = parseValue();
  ws();
  if (i < text.length) err('trailing characters');
  return { value, isIntegerLiteral: (c, k) => marks.get(c)?.has(k) ?? false };
}
