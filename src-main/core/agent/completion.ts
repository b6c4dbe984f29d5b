import type { OpenClawConfig } from '../../../src-shared/config/schema.js';
import type { ChatErrorEvent, ChatFinalEvent } from '../../../src-shared/protocol/chat.js';
import { armRunTimeout, createAnswerProgress, streamAnswer } from './answer-stream.js';
import { estimatePromptTokens, estimateTokens } from './context-window.js';
import { toRunError } from './errors.js';
import { resolveModel } from './models.js';
import type { ChatMessage, ProviderFetch } from './provider-types.js';
import type { AgentLogger } from './service.js';
import { resolveSystemPrompt } from './system-prompt.js';
import { resolveCost, resolveUsage } from './usage.js';

/** A conversation as a client sent it, answered without reading or writing any session. */
export interface AgentCompletionRequest {
  /** The turns, oldest first; the client's system text goes in `system`. */
  messages: ChatMessage[];
  /** The client's system text, added after the assistant's own system prompt (identity). */
  system?: string;
  /** "provider/model"; default: models.default. */
  model?: string;
  /** Caps the answer's tokens instead of the model's max_tokens. */
  maxTokens?: number;
}

export interface AgentCompletionOptions {
  /** Aborting it stops the run (the client went away); the outcome is then `aborted`. */
  signal?: AbortSignal;
  onDelta?: (text: string) => void;
}

/** A finished stateless completion: the fields of chat.final that do not name a session. */
export type AgentCompletionResult = Omit<ChatFinalEvent, 'session_key' | 'session_id'>;
/** A failed stateless completion: the fields of chat.error that do not name a session. */
export type AgentCompletionError = Omit<ChatErrorEvent, 'session_key'>;

/** How a completion ended; `finishReason` is the provider's, when it sent one. Never rejects. */
export type AgentCompletionOutcome = { ok: true; result: AgentCompletionResult; finishReason?: string } | { ok: false; error: AgentCompletionError };

export interface CompletionDeps {
  /** The config in effect when the request arrived. */
  config: OpenClawConfig;
  fetch?: ProviderFetch;
  now: () => number;
  logger: AgentLogger;
  /** Hides secrets in error text that leaves the process. */
  scrub(text: string, config: OpenClawConfig): string;
}

export interface CompletionRun {
  runId: string;
  /** Aborted with an AgentRunError reason by the service (client gone, shutdown) or the timeout. */
  controller: AbortController;
  onDelta?: (text: string) => void;
}

/**
 * Answers `request` from the model it names (default: models.default) under agent.timeout_seconds,
 * with the identity's system prompt, usage (estimated and flagged when the provider sends none) and
 * cost; failures come back as an outcome with the scrubbed message and the partial text.
 */
export async function runCompletion(deps: CompletionDeps, run: CompletionRun, request: AgentCompletionRequest): Promise<AgentCompletionOutcome> {
  const { config, logger } = deps;
  const { runId, controller } = run;
  const timer = armRunTimeout(controller, config.agent.timeout_seconds);
  const progress = createAnswerProgress();
  try {
    const model = resolveModel(config.models, request.model ? { model_override: request.model } : {});
    const system = [resolveSystemPrompt(config.identity), request.system?.trim()].filter(Boolean).join('\n\n');
    const promptEstimate = estimatePromptTokens(system, request.messages);
    await streamAnswer(
      model,
      { system, messages: request.messages, maxTokens: request.maxTokens },
      {
        agent: config.agent,
        signal: controller.signal,
        fetch: deps.fetch,
        now: deps.now,
        warn: (message) => logger.warn(message),
        onDelta: (text) => run.onDelta?.(text),
      },
      progress,
    );
    const usage = resolveUsage(progress.reported, { input_tokens: promptEstimate, output_tokens: estimateTokens(progress.text) });
    return {
      ok: true,
      result: { run_id: runId, text: progress.text, provider: model.provider, model: model.model.id, usage, cost: resolveCost(usage, model.model.cost) },
      finishReason: progress.finishReason,
    };
  } catch (thrown) {
    const error = toRunError(thrown, controller.signal);
    const message = deps.scrub(error.message, config);
    if (error.kind === 'internal') logger.error(`Completion ${runId} failed`, { error: thrown instanceof Error ? thrown.stack : String(thrown) });
    else if (error.kind !== 'aborted' && error.kind !== 'shutdown') logger.warn(`Completion ${runId} failed (${error.kind}): ${message}`);
    return { ok: false, error: { run_id: runId, kind: error.kind, message, partial_text: progress.text } };
  } finally {
    clearTimeout(timer);
  }
}
