/** The stream a key reader reads: a TTY (switched to raw mode) or any readable, e.g. a pipe in tests. */
export type KeyInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

export interface KeyReader {
  /** The next key, or null when the input has ended. */
  next(): Promise<string | null>;
  /** Reads keys up to Enter, echoing them; null when the input ends first. Backspace edits. */
  readLine(echo: (text: string) => void): Promise<string | null>;
  close(): void;
}

/**
 * Reads single keypresses. On a TTY it switches to raw mode (no Enter needed) and restores the
 * terminal on `close()`; on a pipe it reads the same characters, so tests can feed keys.
 *
 * @example
 * const keys = createKeyReader(process.stdin);
 * for (let k = await keys.next(); k !== null && k !== 'q'; k = await keys.next()) handle(k);
 * keys.close();
 */
export function createKeyReader(input: KeyInput): KeyReader {
  const buffer: string[] = [];
  const waiters: ((key: string | null) => void)[] = [];
  let ended = false;
  const raw = input.isTTY === true && typeof input.setRawMode === 'function';
  const push = (key: string | null): void => {
    const waiter = waiters.shift();
    if (waiter) waiter(key);
    else if (key !== null) buffer.push(key);
  };
  const onData = (chunk: Buffer | string): void => {
    for (const key of splitKeys(chunk.toString())) push(key);
  };
  const onEnd = (): void => {
    ended = true;
    while (waiters.length > 0) push(null);
  };
  if (raw) input.setRawMode?.(true);
  input.on('data', onData);
  input.on('end', onEnd);
  input.on('close', onEnd);
  input.resume();
  const next = (): Promise<string | null> => {
    if (buffer.length > 0) return Promise.resolve(buffer.shift() as string);
    if (ended) return Promise.resolve(null);
    return new Promise((resolve) => waiters.push(resolve));
  };
  return {
    next,
    async readLine(echo) {
      let line = '';
      for (;;) {
        const key = await next();
        if (key === null) return line === '' ? null : line;
        if (key === '\r' || key === '\n') return line;
        if (key === '\u0003') return null;
        if (key === '\u007f' || key === '\b') {
          if (line.length > 0) {
            line = line.slice(0, -1);
            echo('\b \b');
          }
          continue;
        }
        if (key.length === 1 && key >= ' ') {
          line += key;
          echo(key);
        }
      }
    },
    close() {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('close', onEnd);
      if (raw) input.setRawMode?.(false);
      input.pause();
    },
  };
}

/** Splits input into keys; an escape sequence (arrow keys…) is one key. A CR LF pair is one Enter. */
export function splitKeys(text: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\u001b' && text[i + 1] === '[') {
      let j = i + 2;
      while (j < text.length && !/[A-Za-z~]/.test(text[j])) j++;
      keys.push(text.slice(i, j + 1));
      i = j;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      keys.push('\r');
      i++;
    } else {
      keys.push(ch);
    }
  }
  return keys;
}
