import { describe, expect, it } from 'vitest';
import { jsonFieldEqualsGrader } from './json-field-equals-grader.js';
import { parseJsonPath } from './json-path.js';
import { jsonSchemaGrader } from './json-schema-grader.js';
import { jsonValidGrader } from './json-valid-grader.js';
import { configError, gradeOutput } from './test-support.js';

describe('jsonValidGrader', () => {
  it('passes valid JSON and explains invalid JSON', async () => {
    expect((await gradeOutput(jsonValidGrader(), '{"a": [1, 2]}')).pass).toBe(true);
    const bad = await gradeOutput(jsonValidGrader(), "{'a': 1}");
    expect(bad).toMatchObject({ value: 0, pass: false });
    expect(bad.reason).toMatch(/^not valid JSON \(.+\): '\{'a': 1\}'$/);
    expect((await gradeOutput(jsonValidGrader(), '')).reason).toBe("not valid JSON (the output is empty): '' (empty)");
  });

  it('extracts JSON from a fence or prose only when asked', async () => {
    const fenced = 'Here:\n```json\n{"ok": true}\n```\nThanks';
    expect((await gradeOutput(jsonValidGrader(), fenced)).pass).toBe(false);
    expect((await gradeOutput(jsonValidGrader({ extract: true }), fenced)).pass).toBe(true);
    expect((await gradeOutput(jsonValidGrader({ extract: true }), 'Result: [1,2] done')).pass).toBe(true);
  });

  it('accepts a structured output.value', async () => {
    expect((await gradeOutput(jsonValidGrader(), { value: { a: 1 } })).pass).toBe(true);
  });
});

describe('jsonSchemaGrader', () => {
  const schema = {
    type: 'object',
    required: ['intent', 'confidence'],
    properties: { intent: { enum: ['refund', 'cancel'] }, confidence: { type: 'number' } },
  };

  it('passes matching JSON and lists every violation', async () => {
    const g = jsonSchemaGrader({ schema });
    expect((await gradeOutput(g, '{"intent": "refund", "confidence": 0.9}')).pass).toBe(true);
    const bad = await gradeOutput(g, '{"intent": "other"}');
    expect(bad.reason).toMatchInlineSnapshot(
      `"does not match the schema: output must have required property 'confidence'; output/intent must be equal to one of the allowed values"`,
    );
    expect((await gradeOutput(g, 'nope')).reason).toMatch(/^not valid JSON/);
  });

  it('rejects an invalid schema at configuration time', () => {
    expect(configError(() => jsonSchemaGrader({ name: 'shape', schema: { type: 'nonsense' } }))).toMatchInlineSnapshot(`
      "Grader 'shape' is misconfigured.
        schema: not a valid JSON Schema: schema is invalid: data/type must be equal to one of the allowed values, data/type must be array, data/type must match a schema in anyOf"
    `);
  });
});

describe('jsonFieldEqualsGrader', () => {
  it('compares a nested field deeply and by type', async () => {
    const g = jsonFieldEqualsGrader({ path: 'answer.items[1].sku', value: 'B-2' });
    expect((await gradeOutput(g, '{"answer": {"items": [{"sku": "A-1"}, {"sku": "B-2"}]}}')).pass).toBe(true);
    const wrong = await gradeOutput(g, '{"answer": {"items": [{"sku": "A-1"}, {"sku": "C-3"}]}}');
    expect(wrong.reason).toBe(`field 'answer.items[1].sku' is '"C-3"', expected '"B-2"'`);
    const missing = await gradeOutput(g, '{"answer": {}}');
    expect(missing.reason).toBe(`field 'answer.items[1].sku' is missing (no 'items'), expected '"B-2"'`);
    expect((await gradeOutput(jsonFieldEqualsGrader({ path: 'n', value: '42' }), '{"n": 42}')).pass).toBe(false);
  });

  it('defaults to the expected value, keeping its type through a single-placeholder template', async () => {
    expect(
      (
        await gradeOutput(jsonFieldEqualsGrader({ path: '/result' }), '{"result": {"b": 2, "a": 1}}', {
          expected: { a: 1, b: 2 },
        })
      ).pass,
    ).toBe(true);
    const g = jsonFieldEqualsGrader({ path: '$.intent', value: '{{metadata.intent}}' });
    expect((await gradeOutput(g, '{"intent": "refund"}', { metadata: { intent: 'refund' } })).pass).toBe(true);
  });

  it('parses dot, bracket, $ and JSON Pointer paths', () => {
    expect(parseJsonPath('a.b[0].c')).toEqual(['a', 'b', '0', 'c']);
    expect(parseJsonPath('$.a["x.y"]')).toEqual(['a', 'x.y']);
    expect(parseJsonPath('/a/b~1c/0')).toEqual(['a', 'b/c', '0']);
  });

  it('requires a path', () => {
    expect(configError(() => jsonFieldEqualsGrader({ path: '' }))).toMatchInlineSnapshot(`
      "Grader 'json-field-equals' is misconfigured.
        path: must name a field, e.g. "answer.city""
    `);
  });
});
