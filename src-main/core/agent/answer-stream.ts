import type { AgentConfig } from '../../../src-shared/config/schema.js';
import { AgentRunError } from './errors.js';
import type { ResolvedModel } from './models.js';
import type { ChatMessage, ProviderFetch } from './provider-types.js';
import { streamChat } from './stream-chat.js';
import type { ReportedUsage } from './usage.js';

/** What the model is asked: the system prompt and the turns, and the answer's token cap (default: the model's max_tokens). */
export interface AnswerPrompt {
  system: string;
  messages: ChatMessage[];
  maxTokens?: number;
}

/** What an answer came to so far; the caller keeps it, so a failed run still has its partial text and counts. */
export interface AnswerProgress {
  text: string;
  reported: ReportedUsage;
  /** The provider's finish reason, once it sent one. */
  finishReason?: string;
}

export interface AnswerStreamOptions {
  agent: Pick<AgentConfig, 'max_retries' | 'retry_max_wait_seconds'>;
  signal: AbortSignal;
  fetch?: ProviderFetch;
  now: () => number;
  /** Told about each retry, for the log. */
  warn(message: string): void;
  onDelta(text: string): void;
}

/** Creates an empty AnswerProgress. */
export function createAnswerProgress(): AnswerProgress {
  return { text: '', reported: {} };
}

/**
 * Streams the model's answer to `prompt` into `progress` (text, reported usage, finish reason),
 * telling `onDelta` each piece; throws what streamChat throws (AgentRunError, or the signal's reason).
 */
export async function streamAnswer(model: ResolvedModel, prompt: AnswerPrompt, options: AnswerStreamOptions, progress: AnswerProgress): Promise<void> {
  const stream = streamChat(
    {
      api: model.api,
      provider: model.provider,
      baseUrl: model.providerConfig.base_url,
      apiKey: model.providerConfig.api_key,
      headers: model.providerConfig.headers,
      model: model.model.id,
      maxTokens: prompt.maxTokens ?? model.model.max_tokens,
      system: prompt.system,
      messages: prompt.messages,
    },
    {
      signal: options.signal,
      fetch: options.fetch,
      maxRetries: options.agent.max_retries,
      retryMaxWaitSeconds: options.agent.retry_max_wait_seconds,
      now: options.now,
      onRetry: ({ attempt, status, waitMs }) =>
        options.warn(`Model provider "${model.provider}" answered HTTP ${status}; retry ${attempt} in ${Math.round(waitMs)} ms`),
    },
  );
  for await (const event of stream) {
    if (event.type === 'delta') {
      progress.text += event.text;
      options.onDelta(event.text);
    } else if (event.type === 'usage') {
      progress.reported = {
        input_tokens: event.input_tokens ?? progress.reported.input_tokens,
        output_tokens: event.output_tokens ?? progress.reported.output_tokens,
      };
    } else {
      progress.finishReason = event.reason;
    }
  }
}

/** Aborts `controller` with a `timeout` AgentRunError after agent.timeout_seconds; clear the returned timer when the run ends. */
export function armRunTimeout(controller: AbortController, timeoutSeconds: number): NodeJS.Timeout {
  return setTimeout(() => {
    controller.abort(
      new AgentRunError('timeout', `No complete answer within ${timeoutSeconds} s (agent.timeout_seconds); the partial answer was kept and marked`),
    );
  }, timeoutSeconds * 1000);
}
