import { didYouMean } from '../core/did-you-mean.js';
import { AssayError, type Issue } from '../core/errors.js';
import { ATTACK_FAMILIES } from './families/index.js';
import type { AttackFamily, AttackTechnique } from './types.js';

/** A family with the techniques chosen from it. */
export interface SelectedFamily {
  readonly family: AttackFamily;
  readonly techniques: readonly AttackTechnique[];
}

/**
 * Reads `--attacks`: family names (`encoding`) or single techniques (`encoding/base64`),
 * comma-separated; `all` or nothing selects every family. Unknown names are listed at once.
 */
export function selectAttacks(names: readonly string[]): SelectedFamily[] {
  const wanted = names.map((n) => n.trim()).filter(Boolean);
  if (wanted.length === 0 || wanted.includes('all')) {
    return ATTACK_FAMILIES.map((family) => ({ family, techniques: family.techniques }));
  }
  const picked = new Map<string, Set<string>>();
  const issues: Issue[] = [];
  for (const name of wanted) {
    const [familyName, techniqueName] = name.split('/', 2);
    const family = ATTACK_FAMILIES.find((f) => f.name === familyName);
    if (!family) {
      issues.push({
        code: 'unknown_reference',
        path: '--attacks',
        message: unknown('family', familyName, familyNames()),
      });
      continue;
    }
    const set = picked.get(family.name) ?? new Set<string>();
    picked.set(family.name, set);
    if (techniqueName === undefined) {
      for (const t of family.techniques) set.add(t.name);
    } else if (family.techniques.some((t) => t.name === techniqueName)) {
      set.add(techniqueName);
    } else {
      const names = family.techniques.map((t) => t.name);
      issues.push({
        code: 'unknown_reference',
        path: '--attacks',
        message: unknown(`${family.name} technique`, techniqueName, names),
      });
    }
  }
  if (issues.length > 0) {
    throw new AssayError('UNKNOWN_ATTACK', 'Unknown attack families or techniques in --attacks.', {
      issues,
      hint: 'Run `assay redteam list` to see every family and technique.',
    });
  }
  return ATTACK_FAMILIES.filter((f) => picked.has(f.name)).map((family) => ({
    family,
    techniques: family.techniques.filter((t) => picked.get(family.name)?.has(t.name)),
  }));
}

function familyNames(): string[] {
  return ATTACK_FAMILIES.map((f) => f.name);
}

function unknown(what: string, name: string, known: readonly string[]): string {
  return `unknown ${what} '${name}'${didYouMean(name, known)} (known: ${known.join(', ')})`;
}
