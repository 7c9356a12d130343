import { describe, expect, it } from 'vitest';
import {
  escapeCdata,
  escapeHtml,
  escapeMarkdownCell,
  escapeXml,
  neutraliseWorkflowCommands,
  safeTerminalText,
  stripXmlIllegal,
} from './escape.js';

describe('escapes', () => {
  it('escapes XML markup and strips characters XML 1.0 forbids, keeping tabs, newlines and astral characters', () => {
    expect(escapeXml('a<b>&"c\'')).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    expect(stripXmlIllegal('x\u0000y\u0007z\u001B\uFFFE\uD800!\t\n\r😀')).toBe('xyz!\t\n\r😀');
  });

  it('splits ]]> inside CDATA', () => {
    expect(escapeCdata('a]]>b')).toBe('a]]]]><![CDATA[>b');
  });

  it('keeps a Markdown cell on one line with pipes, backticks and HTML neutralised', () => {
    expect(escapeMarkdownCell('a|b\n`c`\r\n<img src=x>')).toBe('a\\|b \\`c\\` &lt;img src=x&gt;');
    expect(escapeMarkdownCell('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('defuses workflow commands at any line start, not mid-line', () => {
    expect(neutraliseWorkflowCommands('ok\n::set-output name=x::1\n  ::error::boom\na::b')).toBe(
      'ok\n:\u200B:set-output name=x::1\n  :\u200B:error::boom\na::b',
    );
    expect(safeTerminalText('::warning::\u001B[31mred')).toBe(':\u200B:warning::red');
  });

  it('escapes HTML', () => {
    expect(escapeHtml('<script>alert("x")</script>&\'')).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;',
    );
  });
});
