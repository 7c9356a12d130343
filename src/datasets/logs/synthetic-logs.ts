import { createRng } from '../../stats/index.js';

export interface SyntheticLogOptions {
  readonly lines: number;
  readonly seed?: number;
  /** Share of lines that repeat an earlier text with other casing and punctuation. */
  readonly exactDuplicateRate?: number;
  /** Share of lines that repeat an earlier text with one word added (Jaccard ≈ 0.9+). */
  readonly nearDuplicateRate?: number;
  /** Intent → share of traffic (default: a head of three intents and a long tail of two). */
  readonly intents?: { readonly [intent: string]: number };
  readonly languages?: { readonly [language: string]: number };
  /** Intent → probability of negative feedback. */
  readonly negativeRate?: { readonly [intent: string]: number };
}

export interface SyntheticLogLine {
  readonly json: string;
  readonly kind: 'original' | 'exact' | 'near';
  readonly intent: string;
  readonly language: string;
}

export const DEFAULT_INTENTS = { billing: 0.4, shipping: 0.3, account: 0.2, returns: 0.07, legal: 0.03 } as const;
export const DEFAULT_LANGUAGES = { en: 0.7, de: 0.2, fr: 0.1 } as const;

const VOCAB = (
  'order invoice refund charge card payment plan upgrade cancel renew address parcel courier tracking delay damaged ' +
  'missing label return exchange size colour warranty login password reset email phone profile settings delete export ' +
  'privacy contract clause terms liability court notice today yesterday week month urgent again still never always ' +
  'please help why how when where can could would should my your the a an this that it is was not no yes ' +
  'account number code error screen app website store manager support agent ticket reply status update change wrong'
).split(' ');

/**
 * Deterministic production-like logs for tests and benchmarks: known strata shares, planted
 * exact and near-duplicates (copies of one of the last 1,000 originals, so generation memory
 * stays flat), and per-intent negative feedback.
 *
 * @example
 * for (const l of syntheticLogLines({ lines: 1000, seed: 1 })) write(l.json + '\n');
 */
export function* syntheticLogLines(options: SyntheticLogOptions): Generator<SyntheticLogLine> {
  const rng = createRng(options.seed ?? 1);
  const intents = Object.entries(options.intents ?? DEFAULT_INTENTS);
  const languages = Object.entries(options.languages ?? DEFAULT_LANGUAGES);
  const negative = options.negativeRate ?? { billing: 0.1, shipping: 0.2, account: 0.05, returns: 0.3, legal: 0.5 };
  const exactRate = options.exactDuplicateRate ?? 0.1;
  const nearRate = options.nearDuplicateRate ?? 0.05;
  const recent: { text: string; intent: string; language: string }[] = [];
  const pick = (entries: [string, number][]) => {
    let u = rng.next();
    for (const [k, p] of entries) {
      if (u < p) return k;
      u -= p;
    }
    return entries[entries.length - 1][0];
  };
  for (let i = 1; i <= options.lines; i++) {
    const u = rng.next();
    let kind: SyntheticLogLine['kind'] = 'original';
    let text: string;
    let intent: string;
    let language: string;
    if (recent.length > 0 && u < exactRate + nearRate) {
      const src = recent[rng.int(recent.length)];
      intent = src.intent;
      language = src.language;
      if (u < exactRate) {
        kind = 'exact';
        text = `${src.text.toUpperCase()}!!`;
      } else {
        kind = 'near';
        text = `${src.text} ${VOCAB[rng.int(VOCAB.length)]}`;
      }
    } else {
      intent = pick(intents);
      language = pick(languages);
      const words = [intent, 'question'];
      const n = 24 + rng.int(10);
      for (let w = 0; w < n; w++) words.push(VOCAB[rng.int(VOCAB.length)]);
      text = words.join(' ');
      if (recent.length < 1000) recent.push({ text, intent, language });
      else recent[rng.int(1000)] = { text, intent, language };
    }
    const bad = rng.next() < (negative[intent] ?? 0.1);
    const record = {
      trace_id: `t${i}`,
      input: text,
      output: `Answer about ${intent}.`,
      metadata: { intent, language },
      feedback: rng.next() < 0.5 ? (bad ? 'down' : 'up') : null,
    };
    yield { json: JSON.stringify(record), kind, intent, language };
  }
}
