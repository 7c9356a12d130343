import { describe, expect, it } from 'vitest';
import { costUsd, findPrice } from './pricing.js';

describe('pricing', () => {
  it('matches exact names and dated or -latest variants, not other models that share a prefix', () => {
    expect(findPrice('gpt-4o')).toEqual({ inputPerMillion: 2.5, outputPerMillion: 10 });
    expect(findPrice('gpt-4o-2024-08-06')).toEqual({ inputPerMillion: 2.5, outputPerMillion: 10 });
    expect(findPrice('gpt-4o-mini-2024-07-18')).toEqual({ inputPerMillion: 0.15, outputPerMillion: 0.6 });
    expect(findPrice('claude-3-5-haiku-latest')).toEqual({ inputPerMillion: 0.8, outputPerMillion: 4 });
    expect(findPrice('GPT-4o')).toBeDefined();
    expect(findPrice('gpt-4o-audio-preview')).toBeUndefined();
    expect(findPrice('llama3.2')).toBeUndefined();
  });

  it('computes cost per million tokens; unknown model or usage → null, never 0', () => {
    expect(costUsd('gpt-4o-mini', { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBeCloseTo(0.75, 12);
    expect(costUsd('claude-3-opus-20240229', { inputTokens: 2_000, outputTokens: 1_000 })).toBeCloseTo(0.105, 12);
    expect(costUsd('mystery-model', { inputTokens: 10, outputTokens: 10 })).toBeNull();
    expect(costUsd('gpt-4o', undefined)).toBeNull();
    expect(costUsd('gpt-4o', { inputTokens: 10 })).toBeNull();
    expect(costUsd('local', { inputTokens: 10, outputTokens: 10 }, { inputPerMillion: 0, outputPerMillion: 0 })).toBe(
      0,
    );
  });
});
