import { describe, expect, it } from 'vitest';
import { resolveCost, resolveUsage } from '../../../src-main/core/agent/usage.js';

describe('usage and cost', () => {
  it('uses reported counts as they are', () => {
    expect(resolveUsage({ input_tokens: 10, output_tokens: 5 }, { input_tokens: 99, output_tokens: 99 })).toEqual({
      input_tokens: 10,
      output_tokens: 5,
      total_tokens: 15,
    });
  });

  it('fills missing counts with the estimate and marks it', () => {
    expect(resolveUsage({ input_tokens: 10 }, { input_tokens: 99, output_tokens: 7 })).toEqual({
      input_tokens: 10,
      output_tokens: 7,
      total_tokens: 17,
      estimated: true,
    });
  });

  it('prices tokens per 1M input and output tokens', () => {
    expect(resolveCost({ input_tokens: 1_000_000, output_tokens: 0 }, { input: 3, output: 15 })).toBe(3);
    expect(resolveCost({ input_tokens: 1200, output_tokens: 300 }, { input: 3, output: 15 })).toBe(0.0081);
    expect(resolveCost({ input_tokens: 1200, output_tokens: 300 }, { input: 0, output: 0 })).toBe(0);
  });
});
