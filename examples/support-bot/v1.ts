import type { Case } from '../../src/index.js';
import { createBot } from './bot.js';

const answer = createBot({ indexLocales: ['en', 'es', 'de'], synonyms: false, fuzzy: false, injectionGuard: false });

/** Release 1: exact keyword retrieval in three languages. */
export default async function supportBotV1(testCase: Case) {
  await new Promise((r) => setTimeout(r, 2 + (testCase.id.charCodeAt(testCase.id.length - 1) % 6)));
  return answer(String(testCase.input), String(testCase.metadata.tier ?? 'free'));
}
