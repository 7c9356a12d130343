import { describe, expect, it } from 'vitest';
import type { StoredTrial } from '../../store/types.js';
import { buildCaseTable } from './case-table.js';

function trial(caseId: string, costUsd: number | null, judgeUsd?: number): StoredTrial {
  return {
    runId: 'r', caseId, repeat: 0, startedAt: '2026-01-01T00:00:00Z', latencyMs: 10, error: null,
    output: { text: 'x', costUsd }, slice: 'typical', metadata: {}, weight: 1,
    scores: [{ grader: 'faithful', value: 1, pass: true, ...(judgeUsd !== undefined && { meta: { judge: { costUsd: judgeUsd } } }) }],
  };
}

describe('buildCaseTable', () => {
  it('adds what the judges spent to the run cost, also when the target price is unknown', () => {
    const table = buildCaseTable([trial('a', 0.01, 0.002), trial('b', null, 0.003), trial('c', 0.02)]);
    expect(table.cost.usd).toBeCloseTo(0.035, 12);
    expect(table.cost).toMatchObject({ known: 2, unknown: 1 });
  });
});
