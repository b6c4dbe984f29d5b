import type { ModelApi } from '../../../src-shared/config/schema.js';

/** A turn sent to the model; the system prompt travels separately because the two APIs place it differently. */
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** Everything one provider call needs, resolved from the config and the session. */
export interface ProviderRequest {
  api: ModelApi;
  /** The key under models.providers, for messages. */
  provider: string;
  baseUrl: string;
  apiKey?: string;
  headers?: Record<string, string>;
  /** The model id sent to the provider. */
  model: string;
  maxTokens: number;
  system: string;
  messages: ChatMessage[];
}

/** What a provider stream yields: text as it arrives, token counts when the provider reports them, and how it ended. */
export type ProviderStreamEvent =
  | { type: 'delta'; text: string }
  | { type: 'usage'; input_tokens?: number; output_tokens?: number }
  | { type: 'finish'; reason: string };

/** The fetch the providers call; the global one unless a caller passes its own (a proxy agent, say). */
export type ProviderFetch = (input: string, init: RequestInit) => Promise<Response>;
