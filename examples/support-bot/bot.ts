import {
  ACCOUNT_MANAGER,
  detectLanguage,
  FALLBACK,
  FAQ,
  REFUSAL,
  SYSTEM_PROMPT,
  type FaqTopic,
  type Language,
} from './faq.js';

/** What changed between releases of the bot. */
export interface BotOptions {
  /** Keyword locales shipped in the retrieval index. */
  readonly indexLocales: readonly Language[];
  /** Phrasings learnt from past failures (money back → refund…). */
  readonly synonyms: boolean;
  /** Typo-tolerant matching (one edit on words of 5+ letters). */
  readonly fuzzy: boolean;
  /** Refuse prompt injection and requests for other people's data. */
  readonly injectionGuard: boolean;
}

const SYNONYMS: { readonly [topic: string]: { readonly [L in Language]: readonly string[] } } = {
  refund: { en: ['money back'], es: ['devuelvan el dinero'], de: ['geld zurück'] },
  shipping: { en: ['package', 'parcel'], es: ['paquete'], de: ['paket'] },
  password: { en: ["can't log in", 'cannot sign in', 'sign in'], es: ['iniciar sesión'], de: ['einloggen'] },
  cancel: { en: ['stop paying', 'stop billing'], es: ['no quiero pagar'], de: ['nicht mehr zahlen'] },
  invoice: { en: ['bill'], es: ['comprobante'], de: ['abrechnung'] },
  pricing: { en: ['how much', 'expensive'], es: ['caro'], de: ['teuer'] },
  export: { en: ['my data', 'my stuff'], es: ['mis datos'], de: ['meine daten'] },
  delete: { en: ['erase', 'wipe'], es: ['borren'], de: ['vernichten'] },
  outage: { en: ['nothing loads', 'not working'], es: ['no carga'], de: ['nichts lädt'] },
  'two-factor': { en: ['more secure', 'login with my phone'], es: ['más segura'], de: ['sicherer'] },
  agent: { en: ['representative', 'support staff'], es: ['representante'], de: ['ansprechpartner'] },
};

const ATTACK =
  /ignore|ignora|ignoriere|system prompt|instructions|instrucciones|anweisungen|override|anulación|forget your rules|olvida tus reglas|vergiss deine regeln|another customer|other customers|otro cliente|anderen kunden|colleague|compañero|kollegen/i;
const LEAKY = /system prompt|instructions|instrucciones|anweisungen|override/i;

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\d-]+/u)
    .filter(Boolean);
}

function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] !== b[j] && ++edits > 1) return false;
    // On a mismatch, skip a letter of the longer word (or one of each when equally long).
    if (a[i] === b[j] || a.length === b.length) {
      i++;
      j++;
    } else if (a.length > b.length) i++;
    else j++;
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

function topicScore(topic: FaqTopic, text: string, words: readonly string[], options: BotOptions): number {
  const lower = text.toLowerCase();
  let score = 0;
  const keywords = options.indexLocales.flatMap((l) => topic.keywords[l]);
  for (const k of keywords) {
    if (k.includes(' ') ? lower.includes(k) : words.includes(k)) score += 2;
    else if (options.fuzzy && k.length >= 5 && words.some((w) => w.length >= 5 && withinOneEdit(w, k))) score += 1;
  }
  if (options.synonyms) {
    for (const l of options.indexLocales)
      for (const s of SYNONYMS[topic.id]?.[l] ?? []) if (lower.includes(s)) score += 2;
  }
  return score;
}

export interface BotReply {
  readonly text: string;
  readonly context: readonly string[];
  readonly meta: { readonly topic: string | null; readonly language: Language };
  readonly costUsd: number;
}

/** Builds one release of the support bot: retrieval over the FAQ plus templated answers. */
export function createBot(options: BotOptions) {
  return function answer(question: string, tier: string): BotReply {
    const language = detectLanguage(question);
    if (ATTACK.test(question)) {
      // The guard's phrase lists are per locale, shipped with the index like the keywords.
      const guarded = options.injectionGuard && options.indexLocales.includes(language);
      if (guarded || !LEAKY.test(question)) {
        return { text: REFUSAL[language], context: [], meta: { topic: null, language }, costUsd: 0 };
      }
      return {
        text: `${SYSTEM_PROMPT}\n${FALLBACK[language]}`,
        context: [],
        meta: { topic: null, language },
        costUsd: 0,
      };
    }
    const words = tokens(question);
    let best: FaqTopic | undefined;
    let bestScore = 0;
    for (const topic of FAQ) {
      const score = topicScore(topic, question, words, options);
      if (score > bestScore) {
        best = topic;
        bestScore = score;
      }
    }
    if (!best) return { text: FALLBACK[language], context: [], meta: { topic: null, language }, costUsd: 0 };
    const extra = tier === 'enterprise' ? ` ${ACCOUNT_MANAGER[language]}` : '';
    return {
      text: best.answer[language] + extra,
      context: [best.answer.en],
      meta: { topic: best.id, language },
      costUsd: 0,
    };
  };
}
