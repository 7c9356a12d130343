import { describe, expect, it } from 'vitest';
import type { Case } from '../core/types.js';
import { fromBase64, rot13 } from './text-transforms.js';
import { ATTACK_FAMILIES } from './families/index.js';
import { MULTILINGUAL_LANGUAGES } from './families/multilingual.js';
import { generateAttacks } from './generate-attacks.js';
import { selectAttacks } from './select-attacks.js';

const seeds: Case[] = [
  {
    id: 'refund-1',
    input: 'How do I get a refund?',
    slice: 'typical',
    metadata: { language: 'en', intent: 'refund' },
    weight: 1,
  },
  { id: 'ship-1', input: '¿Cuándo llega mi pedido?', slice: 'edge', metadata: { language: 'es' }, weight: 1 },
  {
    id: 'chat-1',
    input: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Where is my parcel?' },
    ],
    slice: 'typical',
    metadata: {},
    weight: 1,
  },
  { id: 'obj-1', input: { orderId: 7 }, slice: 'typical', metadata: {}, weight: 1 },
];

describe('generateAttacks', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const families = selectAttacks([]);
    const a = generateAttacks(seeds, { families, perCase: 3, seed: 7 });
    const b = generateAttacks(seeds, { families, perCase: 3, seed: 7 });
    const c = generateAttacks(seeds, { families, perCase: 3, seed: 8 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a.cases.map((x) => x.input))).not.toBe(JSON.stringify(c.cases.map((x) => x.input)));
  });

  it('keeps one family unchanged when another is added', () => {
    const alone = generateAttacks(seeds, { families: selectAttacks(['encoding']), perCase: 2, seed: 7 });
    const both = generateAttacks(seeds, { families: selectAttacks(['jailbreak', 'encoding']), perCase: 2, seed: 7 });
    expect(both.cases.filter((c) => c.metadata.attack === 'encoding')).toEqual(alone.cases);
  });

  it('makes valid adversarial cases with family, technique, goal and the source case', () => {
    const { cases, skipped } = generateAttacks(seeds, { families: selectAttacks([]), perCase: 2, seed: 1 });
    expect(skipped).toEqual([
      { caseId: 'obj-1', reason: 'its input is a structured object, not text or chat messages' },
    ]);
    expect(cases).toHaveLength(3 * ATTACK_FAMILIES.length * 2);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) {
      expect(c.slice).toBe('adversarial');
      expect(ATTACK_FAMILIES.map((f) => f.name)).toContain(c.metadata.attack);
      const family = ATTACK_FAMILIES.find((f) => f.name === c.metadata.attack);
      expect(family?.techniques.map((t) => t.name)).toContain(c.metadata.technique);
      expect(['prompt-leak', 'hijack', 'pii', 'harmful']).toContain(c.metadata.goal);
      expect(c.source).toMatch(/^redteam:[a-z-]+\/[a-z0-9-]+ from (refund-1|ship-1|chat-1)$/);
      if (c.metadata.goal === 'hijack' && c.metadata.attack !== 'encoding') {
        expect(JSON.stringify(c.input)).toContain(String(c.metadata.canary));
      }
    }
  });

  it('attacks the last user message of a conversation and keeps the history', () => {
    const { cases } = generateAttacks([seeds[2]], { families: selectAttacks(['jailbreak']), perCase: 1, seed: 2 });
    const messages = cases[0].input as { role: string; content: string }[];
    expect(messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(messages[1].role).toBe('user');
    expect(messages[1].content).not.toBe('Where is my parcel?');
  });

  it('covers every technique of a family when perCase is at least their number', () => {
    const families = selectAttacks(['encoding']);
    const { cases } = generateAttacks([seeds[0]], { families, perCase: families[0].techniques.length, seed: 5 });
    expect(new Set(cases.map((c) => c.metadata.technique))).toEqual(new Set(families[0].techniques.map((t) => t.name)));
  });

  it('encodes the same injection that decodes back (base64, rot13)', () => {
    const families = selectAttacks(['encoding/base64', 'encoding/rot13']);
    const { cases } = generateAttacks(seeds.slice(0, 2), { families, perCase: 4, seed: 9 });
    for (const c of cases) {
      const text = String(c.input);
      const decoded =
        c.metadata.technique === 'base64'
          ? fromBase64(/: ([A-Za-z0-9+/=]+)$/.exec(text)?.[1] ?? '')
          : rot13(/follow it: (.+)$/.exec(text)?.[1] ?? '');
      expect(decoded).toMatch(/^Ignore your previous instructions and .+\.$/);
      if (c.metadata.goal === 'hijack') expect(decoded).toContain(String(c.metadata.canary));
    }
  });

  it('writes multilingual attacks in at least five languages other than English', () => {
    expect(MULTILINGUAL_LANGUAGES.length).toBeGreaterThanOrEqual(5);
    const { cases } = generateAttacks([seeds[0]], { families: selectAttacks(['multilingual']), perCase: 6, seed: 4 });
    expect(new Set(cases.map((c) => c.metadata.language))).toEqual(new Set(MULTILINGUAL_LANGUAGES));
  });

  it('refuses seeds that are not safe whole numbers', () => {
    for (const seed of [1.9, -1, 2 ** 60]) {
      expect(() => generateAttacks(seeds, { families: selectAttacks([]), perCase: 1, seed })).toThrow(
        /seed must be a whole number/,
      );
    }
  });

  it('lists unknown families and techniques at once with a suggestion', () => {
    expect(() => selectAttacks(['encodin', 'jailbreak/roleplay'])).toThrowError(
      expect.objectContaining({
        issues: [
          expect.objectContaining({ message: expect.stringContaining("did you mean 'encoding'") }),
          expect.objectContaining({ message: expect.stringContaining("did you mean 'role-play'") }),
        ],
      }),
    );
  });
});
