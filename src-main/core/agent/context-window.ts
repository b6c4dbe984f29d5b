import { AgentRunError } from './errors.js';
import type { ChatMessage } from './provider-types.js';

/** Rough tokens per character of English text; providers count exactly only after the fact. */
export const CHARS_PER_TOKEN = 4;
/** Role markers and separators each message costs beyond its text. */
export const MESSAGE_OVERHEAD_TOKENS = 4;

/** Estimates the tokens of a text as characters / 4, rounded up. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Estimates the prompt tokens of a system prompt plus messages. */
export function estimatePromptTokens(system: string, messages: readonly ChatMessage[]): number {
  return estimateTokens(system) + messages.reduce((sum, m) => sum + estimateTokens(m.content) + MESSAGE_OVERHEAD_TOKENS, 0);
}

/**
 * Resolves the prompt budget: the context window minus the room kept for the answer (max_tokens, but
 * at most half the window, so a small local model with max_tokens = context_window still gets a prompt).
 */
export function resolvePromptBudget(contextWindow: number, maxTokens: number): number {
  return contextWindow - Math.min(maxTokens, Math.floor(contextWindow / 2));
}

/** The history that fits, and how many old messages were left out. */
export interface TrimmedHistory {
  messages: ChatMessage[];
  dropped: number;
}

/**
 * Drops the oldest turns (a user message with the answers after it) until system prompt plus messages
 * fit `budgetTokens`; the last turn (the new message) is always kept. Throws AgentRunError('bad_request')
 * when even that one does not fit, naming the sizes.
 */
export function trimHistory(system: string, messages: readonly ChatMessage[], budgetTokens: number, modelRef: string): TrimmedHistory {
  // Every user message is a place to cut, so the history kept always starts with a question.
  const cuts = messages.flatMap((m, i) => (i > 0 && m.role === 'user' ? [i] : []));
  let total = estimatePromptTokens(system, messages);
  let start = 0;
  for (const cut of cuts) {
    if (total <= budgetTokens) break;
    total -= estimatePromptTokens('', messages.slice(start, cut));
    start = cut;
  }
  if (total > budgetTokens) {
    throw new AgentRunError(
      'bad_request',
      `The message (about ${total} tokens with the system prompt) does not fit the ${budgetTokens}-token prompt budget of "${modelRef}" ` +
        '(context_window minus room for the answer); shorten it, or raise context_window in its models.providers entry if the model allows more',
    );
  }
  return { messages: messages.slice(start), dropped: start };
}
