import { defineEval } from '../../src/index.js';
import ragQa from './rag-qa.js';

/**
 * A retrieval-augmented FAQ assistant. Rule graders always run; the judge graders need a model:
 * set ASSAY_JUDGE_BASE_URL (and ASSAY_JUDGE_MODEL / ASSAY_JUDGE_PROVIDER), or they are skipped
 * with a notice.
 */
export default defineEval({
  name: 'rag-qa',
  description: 'Medical-style FAQ assistant over retrieved passages',
  dataset: './cases.jsonl',
  target: ragQa,
  graders: [
    { type: 'includes', name: 'key-fact', value: '{{expected.keyFact}}', ignoreCase: true },
    { type: 'regex', name: 'no-diagnosis', pattern: '\\byou have (a|an)\\b|\\bdiagnos', flags: 'i', negate: true },
    { type: 'length', name: 'concise', max: 300 },
    { type: 'judge.faithfulness', name: 'faithful' },
    { type: 'judge.answerRelevance', name: 'relevant' },
  ],
  concurrency: 4,
  gates: [{ grader: 'key-fact', minPassRate: 0.6 }],
});
