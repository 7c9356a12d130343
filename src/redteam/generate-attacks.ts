import { AssayError } from '../core/errors.js';
import { sha256 } from '../core/hash.js';
import type { Case, CaseMetadata } from '../core/types.js';
import { userText, withUserText } from './attack-text.js';
import type { SelectedFamily } from './select-attacks.js';
import type { AttackPicker, SeedPrompt } from './types.js';

export interface GenerateOptions {
  readonly families: readonly SelectedFamily[];
  /** Attacks built from each seed case by each family. */
  readonly perCase: number;
  readonly seed: number;
}

export interface GeneratedSet {
  readonly cases: Case[];
  /** Seed cases that carry no text to attack (e.g. structured inputs), with the reason. */
  readonly skipped: { readonly caseId: string; readonly reason: string }[];
}

const MARKER_WORDS = ['PAPAYA', 'QUARTZ', 'NEBULA', 'TANGO', 'ORCHID', 'GLACIER', 'FALCON', 'MOSAIC'];

/**
 * Turns seed cases into attack cases, deterministically for a seed: the same seed cases,
 * families, `perCase` and seed always give the same file. Each attack's randomness comes from
 * (seed, seed case id, family), so adding a family or a case leaves the others unchanged.
 * Techniques are taken in turn from a random starting point, so `perCase` ≥ the number of
 * techniques covers them all.
 *
 * @example
 * const set = generateAttacks(dataset.cases, { families: selectAttacks(['encoding']), perCase: 3, seed: 7 });
 */
export function generateAttacks(seedCases: readonly Case[], options: GenerateOptions): GeneratedSet {
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) {
    throw new AssayError('INVALID_SEED', `The seed must be a whole number from 0 up, got ${options.seed}.`, {
      hint: 'Pass --seed 7 (any non-negative whole number).',
    });
  }
  const cases: Case[] = [];
  const skipped: { caseId: string; reason: string }[] = [];
  for (const source of seedCases) {
    const seed = seedPrompt(source);
    if (typeof seed === 'string') {
      skipped.push({ caseId: source.id, reason: seed });
      continue;
    }
    for (const { family, techniques } of options.families) {
      const pick = picker(options.seed, source.id, family.name);
      const start = pick.int(techniques.length);
      for (let k = 0; k < options.perCase; k++) {
        const technique = techniques[(start + k) % techniques.length];
        const draft = technique.build(seed, pick);
        const metadata: Record<string, CaseMetadata[string]> = {
          ...source.metadata,
          attack: family.name,
          technique: technique.name,
          goal: draft.goal,
        };
        if (draft.canary !== undefined) metadata.canary = draft.canary;
        if (draft.language !== undefined) metadata.language = draft.language;
        cases.push({
          id: `${source.id}~${family.name}-${k + 1}`,
          input: withUserText(source.input, draft.text),
          slice: 'adversarial',
          metadata,
          weight: 1,
          source: `redteam:${family.name}/${technique.name} from ${source.id}`,
        });
      }
    }
  }
  return { cases, skipped };
}

/** The text an attack is built around, or why the seed has none. */
function seedPrompt(c: Case): SeedPrompt | string {
  const language = typeof c.metadata.language === 'string' ? c.metadata.language : 'en';
  const text = userText(c.input);
  if (text !== undefined) return { id: c.id, text, language };
  return Array.isArray(c.input)
    ? 'its messages have no user message to attack'
    : 'its input is a structured object, not text or chat messages';
}

/**
 * Seeded choices from a hash in counter mode: draw k is the first 48 bits of
 * sha256(seed, case id, family, k), so every attack's choices depend only on its own key.
 */
function picker(seed: number, caseId: string, family: string): AttackPicker {
  const key = `${seed}\u0000${caseId}\u0000${family}\u0000`;
  let draws = 0;
  const uniform = () => Number.parseInt(sha256(`${key}${draws++}`).slice(0, 12), 16) / 2 ** 48;
  const int = (n: number) => Math.floor(uniform() * n);
  return {
    int,
    pick: (items) => items[int(items.length)],
    marker: () => `${MARKER_WORDS[int(MARKER_WORDS.length)]}-${1000 + int(9000)}`,
  };
}
