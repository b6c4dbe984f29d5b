export {
  MAX_QUEUED_RUNS_PER_SESSION,
  createAgentService,
  type AgentChannelContext,
  type AgentEvent,
  type AgentEventListener,
  type AgentLogger,
  type AgentRunOutcome,
  type AgentSendOptions,
  type AgentService,
  type AgentServiceOptions,
} from './service.js';
export {
  runCompletion,
  type AgentCompletionError,
  type AgentCompletionOptions,
  type AgentCompletionOutcome,
  type AgentCompletionRequest,
  type AgentCompletionResult,
} from './completion.js';
export { armRunTimeout, createAnswerProgress, streamAnswer, type AnswerProgress, type AnswerPrompt, type AnswerStreamOptions } from './answer-stream.js';
export { AgentRunError, resolveProviderErrorDetail, resolveRetryAfterSeconds, toRunError } from './errors.js';
export { listModels, parseModelRef, resolveModel, type ResolvedModel } from './models.js';
export { resolveChatEndpoint } from './endpoints.js';
export { streamChat, type StreamChatOptions } from './stream-chat.js';
export { readSseEvents, type SseEvent } from './sse.js';
export type { ChatMessage, ProviderFetch, ProviderRequest, ProviderStreamEvent } from './provider-types.js';
export { resolveSystemPrompt } from './system-prompt.js';
export { appendTranscriptLines, readTranscript, resolveTranscriptPath, type TranscriptRead } from './transcript.js';
export { estimateTokens, resolvePromptBudget, trimHistory, type TrimmedHistory } from './context-window.js';
export { DEFAULT_IDLE_RESET_MINUTES, resolveLastDailyBoundary, resolveSessionReset, type SessionResetReason } from './session-reset.js';
export { resolveCost, resolveUsage } from './usage.js';
