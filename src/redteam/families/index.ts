import type { AttackFamily } from '../types.js';
import { encoding } from './encoding.js';
import { jailbreak } from './jailbreak.js';
import { multilingual } from './multilingual.js';
import { piiExfiltration } from './pii-exfiltration.js';
import { promptInjection } from './prompt-injection.js';
import { systemPromptLeak } from './system-prompt-leak.js';

/**
 * Every attack family by name; a new family is one module and one line here. `crescendo`
 * (multi-turn escalation) waits for conversations in cases.
 */
export const ATTACK_FAMILIES: readonly AttackFamily[] = [
  promptInjection,
  systemPromptLeak,
  jailbreak,
  encoding,
  piiExfiltration,
  multilingual,
];

export function findFamily(name: string): AttackFamily | undefined {
  return ATTACK_FAMILIES.find((f) => f.name === name);
}
