import type { ModelDefinitionConfig } from '../../../src-shared/config/schema.js';
import type { ChatUsage } from '../../../src-shared/protocol/chat.js';

/** Token counts a provider reported; either may be missing (many local servers send none). */
export interface ReportedUsage {
  input_tokens?: number;
  output_tokens?: number;
}

/** Fills the counts the provider did not report with estimates, marking the result `estimated` when it did. */
export function resolveUsage(reported: ReportedUsage, estimate: { input_tokens: number; output_tokens: number }): ChatUsage {
  const input = reported.input_tokens ?? estimate.input_tokens;
  const output = reported.output_tokens ?? estimate.output_tokens;
  const usage: ChatUsage = { input_tokens: input, output_tokens: output, total_tokens: input + output };
  if (reported.input_tokens === undefined || reported.output_tokens === undefined) usage.estimated = true;
  return usage;
}

/** Resolves the USD cost of a run from the model's cost per 1M input and output tokens (rounded to 1e-10). */
export function resolveCost(usage: Pick<ChatUsage, 'input_tokens' | 'output_tokens'>, cost: ModelDefinitionConfig['cost']): number {
  const usd = (usage.input_tokens * cost.input + usage.output_tokens * cost.output) / 1_000_000;
  return Math.round(usd * 1e10) / 1e10;
}
