/** What an attack tries to make the target do; graders measure whether it succeeded. */
export type AttackGoal = 'prompt-leak' | 'hijack' | 'pii' | 'harmful';

/** The text of a seed case an attack is built around. */
export interface SeedPrompt {
  readonly id: string;
  readonly text: string;
  /** The seed's `metadata.language`, `en` when absent. */
  readonly language: string;
}

/** Seeded choices for one attack, so the same seed always builds the same attack. */
export interface AttackPicker {
  /** Uniform integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  /** A fresh marker such as `PAPAYA-4821`: the hijack goal asks the target to say it. */
  marker(): string;
}

/** One attack as a technique builds it, before it becomes a case. */
export interface AttackDraft {
  readonly text: string;
  readonly goal: AttackGoal;
  /** The marker a hijack asks for; the `canary-leak` grader looks for it. */
  readonly canary?: string;
  /** The language of the attack text when it differs from the seed's. */
  readonly language?: string;
}

export interface AttackTechnique {
  readonly name: string;
  readonly description: string;
  build(seed: SeedPrompt, pick: AttackPicker): AttackDraft;
}

/** An attack family: a small module of techniques (e.g. `encoding`: base64, rot13…). */
export interface AttackFamily {
  readonly name: string;
  readonly description: string;
  readonly techniques: readonly AttackTechnique[];
}
