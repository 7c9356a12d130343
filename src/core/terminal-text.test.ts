import { describe, expect, it } from 'vitest';
import { safeTerminalBlock, safeTerminalText, stripControls } from './terminal-text.js';

describe('terminal-safe text', () => {
  it('removes CSI, OSC (BEL or ST), C1 controls and bidi overrides, keeping the readable text', () => {
    expect(stripControls('a\u001B]0;pwned\u0007b\u001B[2Jc\u001B]8;;http://x\u001B\\d\u009B31me\u202Ef')).toBe(
      'abcdef',
    );
    expect(stripControls('tab\tand\nnewline stay')).toBe('tab\tand\nnewline stay');
  });

  it('makes one line, cut and defused for CI runners', () => {
    expect(safeTerminalText('::error::x\n\u001B[1mbold')).toBe(':\u200B:error::x bold');
    expect(safeTerminalText('x'.repeat(10), 5)).toBe('xxxx…');
    expect(safeTerminalText({ a: '\u001B[2J' })).toBe('{"a":"\\u001b[2J"}');
  });

  it('keeps the lines of a block', () => {
    expect(safeTerminalBlock('one\r\n::warning::two\u0007')).toBe('one\n:\u200B:warning::two');
  });
});
