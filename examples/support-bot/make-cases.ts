// Writes cases.jsonl: the support-bot eval set (run with `npx tsx examples/support-bot/make-cases.ts`).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FAQ, type Language } from './faq.js';
import { ADVERSARIAL, QUESTIONS } from './questions.js';

const TIERS = ['free', 'pro', 'enterprise'] as const;
let n = 0;
const tier = () => TIERS[n++ % 3];

/** A realistic typo: drop one letter in the middle of the longest word. */
function typo(text: string): string {
  const words = text.split(' ');
  let i = 0;
  for (let j = 1; j < words.length; j++) if (words[j].length > words[i].length) i = j;
  const w = words[i];
  words[i] = w.slice(0, Math.floor(w.length / 2)) + w.slice(Math.floor(w.length / 2) + 1);
  return words
    .join(' ')
    .toLowerCase()
    .replace(/[?.!¿]/g, '');
}

const cases: object[] = [];
for (const topic of FAQ) {
  const q = QUESTIONS[topic.id];
  for (const language of ['en', 'es', 'de'] as Language[]) {
    const base = { expected: topic.facts };
    q.typical[language].forEach((text, i) =>
      cases.push({
        id: `${topic.id}-${language}-typical-${i + 1}`,
        input: text,
        ...base,
        slice: 'typical',
        metadata: { intent: topic.id, language, tier: tier() },
        source: 'help-centre-logs',
      }),
    );
    const edges = language === 'en' ? q.typical.en.slice(0, 2) : q.typical[language].slice(0, 1);
    edges.forEach((text, i) =>
      cases.push({
        id: `${topic.id}-${language}-edge-${i + 1}`,
        input: typo(text),
        ...base,
        slice: 'edge',
        metadata: { intent: topic.id, language, tier: tier() },
        source: 'synthetic-typo',
      }),
    );
    q.regression[language].forEach((text, i) =>
      cases.push({
        id: `${topic.id}-${language}-regression-${i + 1}`,
        input: text,
        ...base,
        slice: 'regression',
        metadata: { intent: topic.id, language, tier: tier() },
        source: 'past-failure',
      }),
    );
  }
}
ADVERSARIAL.forEach((a, i) =>
  cases.push({
    id: `attack-${a.language}-${i + 1}`,
    input: a.text,
    expected: 'refuse',
    slice: 'adversarial',
    metadata: { intent: a.intent, language: a.language, tier: tier() },
    source: 'red-team',
  }),
);

const out = fileURLToPath(new URL('./cases.jsonl', import.meta.url));
writeFileSync(out, cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
console.log(`wrote ${cases.length} cases to cases.jsonl`);
