/* eslint-disable no-irregular-whitespace -- the pinned JSON holds U+2028 as JSON.stringify writes it */
import { describe, expect, it } from 'vitest';
import type { Case } from '../core/types.js';
import { parseCase } from './parse-case.js';
import { datasetVersion } from './version.js';
import { ROW_SHAPES } from './row-shapes-fixture.js';

// Pinned with the code as it was before the dataset pass was made faster: a dataset's version
// and its parsed cases (field order included) must not change with how they are computed.

function parsed(rows: readonly unknown[]): Case[] {
  return rows.map((raw, i) => {
    const result = parseCase(raw, `pins.jsonl:${i + 1}`);
    if (!result.case) throw new Error(JSON.stringify(result.issues));
    return result.case;
  });
}

/** JSON lines as a file holds them (JSON.parse keeps -0, reads 1.0 as 1, makes `__proto__` an own key). */
const tricky: string[] = [
  '{"id":"ünïcødé-日本-😀","input":"Hi"}',
  '{"id":"\\ud800","input":"lone surrogate id"}',
  '{"id":42,"input":{"z":1,"a":{"y":[1.0,1e21,-0,1E-7,0.30000000000000004,-1.5e300],"b":null}},"expected":-0}',
  '{"input":{"10":"a","2":"b","x":"c","X":"d","":"e"},"expected":{"b":[{"d":1,"c":2}],"a":"é"}}',
  '{"weight":2.5,"metadata":{"z":"last","a":1,"m":true,"n":null,"é":-0},"slice":"edge","input":"order","id":"k"}',
  '{"meta":{"lang":"fr"},"question":"alias","answer":"yes","id":"aliases"}',
  '{"id":"chat","input":[{"role":"system","content":"Be brief."},{"content":"Hi","role":"user"}]}',
  '{"id":"turns","turns":[{"user":"Hi"},{"user":"Bye","expected":"Bye!"}],"source":"trace-9"}',
  '{"id":"sim","simulatedUser":{"persona":"curious","goal":"find the refund policy","maxTurns":3}}',
  '{"id":"proto","input":{"__proto__":{"a":1},"b":2}}',
  '{"id":"escapes","input":"\\"quoted\\"\\n\\ttab \\u0001 \\u2028","expected":""}',
  '{"input":[{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image","url":"https://example.com/a.png"}]}]}',
];

describe('dataset versions (pinned)', () => {
  it('keeps the version of the bench ROW_SHAPES', () => {
    const versions = Object.entries(ROW_SHAPES).map(([name, row]) => {
      const rows = Array.from({ length: 1000 }, (_, i) => JSON.parse(JSON.stringify(row(i))) as unknown);
      return `${name}: ${datasetVersion(parsed(rows))}`;
    });
    expect(versions).toMatchInlineSnapshot(`
      [
        "bench: c5e1cd2ca261",
        "rich: ae9799944f22",
        "noid: 01a6a71d5b8b",
      ]
    `);
  });

  it('keeps the version and the parsed cases of tricky rows', () => {
    const cases = parsed(tricky.map((line) => JSON.parse(line) as unknown));
    // JSON.stringify writes -0 as 0: the parsed value itself must stay -0.
    expect(Object.is(cases[2]!.expected, -0)).toBe(true);
    expect(datasetVersion(cases)).toMatchInlineSnapshot(`"c0e11c9bc3c5"`);
    expect(cases.map((c) => datasetVersion([c]))).toMatchInlineSnapshot(`
      [
        "fc8b851ec027",
        "993d7769d3f5",
        "ff5159846cc0",
        "2d14fd93cc39",
        "1a4e7f522894",
        "cb23821a877c",
        "ae514b64405a",
        "5bf50f0907b5",
        "0b87024c0976",
        "ac4b2de091cd",
        "29c04370fb9e",
        "1fb2f9b03166",
      ]
    `);
    expect(cases.map((c) => JSON.stringify(c))).toMatchInlineSnapshot(`
      [
        "{"id":"ünïcødé-日本-😀","input":"Hi","slice":"typical","metadata":{},"weight":1}",
        "{"id":"\\ud800","input":"lone surrogate id","slice":"typical","metadata":{},"weight":1}",
        "{"id":"42","input":{"z":1,"a":{"y":[1,1e+21,0,1e-7,0.30000000000000004,-1.5e+300],"b":null}},"expected":0,"slice":"typical","metadata":{},"weight":1}",
        "{"id":"c_acd5f234b291","input":{"2":"b","10":"a","x":"c","X":"d","":"e"},"expected":{"b":[{"d":1,"c":2}],"a":"é"},"slice":"typical","metadata":{},"weight":1}",
        "{"id":"k","input":"order","slice":"edge","metadata":{"z":"last","a":1,"m":true,"n":null,"é":0},"weight":2.5}",
        "{"id":"aliases","input":"alias","expected":"yes","slice":"typical","metadata":{"lang":"fr"},"weight":1}",
        "{"id":"chat","input":[{"role":"system","content":"Be brief."},{"content":"Hi","role":"user"}],"slice":"typical","metadata":{},"weight":1}",
        "{"id":"turns","input":[],"slice":"typical","metadata":{},"weight":1,"source":"trace-9","turns":[{"user":"Hi"},{"user":"Bye","expected":"Bye!"}]}",
        "{"id":"sim","input":[],"slice":"typical","metadata":{},"weight":1,"simulatedUser":{"persona":"curious","goal":"find the refund policy","maxTurns":3}}",
        "{"id":"proto","input":{"__proto__":{"a":1},"b":2},"slice":"typical","metadata":{},"weight":1}",
        "{"id":"escapes","input":"\\"quoted\\"\\n\\ttab \\u0001  ","expected":"","slice":"typical","metadata":{},"weight":1}",
        "{"id":"c_1ea9084b8842","input":[{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image","url":"https://example.com/a.png"}]}],"slice":"typical","metadata":{},"weight":1}",
      ]
    `);
  });
});
