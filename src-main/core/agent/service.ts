import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { OpenClawConfig } from '../../../src-shared/config/schema.js';
import {
  ChatHistoryParamsSchema,
  type ChatAbortResult,
  type ChatDeltaEvent,
  type ChatErrorEvent,
  type ChatFinalEvent,
  type ChatHistoryParamsInput,
  type ChatHistoryResult,
  type ModelsListResult,
  type TranscriptLine,
} from '../../../src-shared/protocol/chat.js';
import type { SessionEntry } from '../../../src-shared/sessions/entry.js';
import {
  applySessionRun,
  createSessionEntry,
  mergeSessionEntry,
  resolveFreshSession,
  type SessionRun,
} from '../../../src-shared/sessions/entry-operations.js';
import { describeError } from '../../../src-shared/utils/common.js';
import { createInMemorySessionStore, type InMemorySessionStore } from '../sessions/memory-store.js';
import { isJsonEqual } from '../sessions/mutation-view.js';
import type { SessionStoreHandle } from '../sessions/store.js';
import type { UpdateSessionStoreOptions } from '../sessions/types.js';
import { scrubErrorText, type SecretScrubber } from '../utils/secret-scrubber.js';
import { armRunTimeout, createAnswerProgress, streamAnswer } from './answer-stream.js';
import { runCompletion, type AgentCompletionOptions, type AgentCompletionOutcome, type AgentCompletionRequest } from './completion.js';
import { estimatePromptTokens, estimateTokens, resolvePromptBudget, trimHistory } from './context-window.js';
import { AgentRunError, toRunError } from './errors.js';
import { listModels, resolveModel, type ResolvedModel } from './models.js';
import type { ChatMessage, ProviderFetch } from './provider-types.js';
import { createKeyedQueue } from './run-queue.js';
import { resolveSessionReset, type SessionResetReason } from './session-reset.js';
import { resolveSystemPrompt } from './system-prompt.js';
import { appendTranscriptLines, readTranscript, resolveTranscriptPath } from './transcript.js';
import { resolveCost, resolveUsage } from './usage.js';

/** Messages waiting per session beyond which `send` refuses with kind `busy`. */
export const MAX_QUEUED_RUNS_PER_SESSION = 16;

/** What the agent logs; the gateway's logger and console both fit. */
export interface AgentLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Events of a run, shaped like the WS events of the same names so the gateway can forward them as they are. */
export type AgentEvent =
  | { event: 'chat.delta'; params: ChatDeltaEvent }
  | { event: 'chat.final'; params: ChatFinalEvent }
  | { event: 'chat.error'; params: ChatErrorEvent };
export type AgentEventListener = (event: AgentEvent) => void;

/** How a run ended; `done` of `send` resolves with it and never rejects. `finishReason` is the provider's, when it sent one. */
export type AgentRunOutcome = { ok: true; final: ChatFinalEvent; finishReason?: string } | { ok: false; error: ChatErrorEvent };

/**
 * Where a conversation happens, applied to the session entry (and so the system prompt) at the start of a run
 * as a mergeSessionEntry patch: `origin` is merged one level deep.
 */
export type AgentChannelContext = Partial<
  Pick<SessionEntry, 'channel' | 'chat_type' | 'display_name' | 'group_id' | 'origin' | 'last_channel' | 'last_to' | 'last_account_id' | 'last_thread_id'>
>;

export interface AgentSendOptions {
  context?: AgentChannelContext;
  /** "provider/model" for this run instead of the session's model (its override, else models.default). */
  model?: string;
  /** Caps this answer's tokens instead of the model's max_tokens. */
  maxTokens?: number;
  /**
   * The channel message this is (e.g. `telegram:<bot id>:<update id>`), kept on the user line: when the
   * transcript holds that line already (a message replayed after a crash), it is answered without
   * being recorded again, from the history before it.
   */
  sourceId?: string;
}

export interface AgentServiceOptions {
  /** The config in effect, read at the start of every run so a reload applies to the next message. */
  config: () => OpenClawConfig;
  /** The session store handle every read and write goes through (the runtime's). */
  sessionStore: SessionStoreHandle;
  /** The session store file; a function when it may move (a reloaded session.store), read at every run. */
  sessionStorePath: string | (() => string);
  /**
   * Reads one entry as the file has it now (a copy), e.g. from the store watcher's view, so a run or a
   * history read costs the same at any number of sessions; default: a load of the whole store.
   */
  readSessionEntry?: (storePath: string, sessionKey: string) => Promise<SessionEntry | undefined>;
  /** Transcript folder; default: the session store's folder. */
  sessionsDir?: string;
  /** Active-run tracking; default: a store of its own. */
  memoryStore?: InMemorySessionStore;
  /** Default: the global fetch. */
  fetch?: ProviderFetch;
  /** Clock for timestamps and session resets; default Date.now. */
  now?: () => number;
  logger?: AgentLogger;
  /** Options for session store writes (maintenance, logger); read at each write. */
  storeOptions?: () => UpdateSessionStoreOptions;
  /** The runtime's secret keeper (the logger's too), so errors hide every key it has seen; default: the configs' secrets only. */
  scrub?: SecretScrubber;
}

/** The assistant: one queue of runs per session, streamed answers, transcripts and usage. */
export interface AgentService {
  /**
   * Queues a message for the session (created on first use) and returns its run id at once; `done`
   * settles when the run ends. Throws AgentRunError `busy` when 16 messages already wait, `shutdown`
   * after close.
   */
  send(sessionKey: string, text: string, options?: AgentSendOptions): { runId: string; done: Promise<AgentRunOutcome> };
  /**
   * Stops the session's active run (only if it is `runId`, when given); other queued messages still
   * run. A `runId` still waiting in the queue is cancelled before it reaches the provider.
   */
  abort(sessionKey: string, runId?: string): ChatAbortResult;
  /** Reads the session's current transcript, newest `limit` lines before `before`, oldest first. */
  history(params: ChatHistoryParamsInput): Promise<ChatHistoryResult>;
  /**
   * Runs a stateless completion of the given conversation: no session, transcript or chat.* event;
   * pieces go to `onDelta`, aborting `signal` stops it. Throws AgentRunError `shutdown` after close.
   */
  complete(request: AgentCompletionRequest, options?: AgentCompletionOptions): { runId: string; done: Promise<AgentCompletionOutcome> };
  listModels(): ModelsListResult;
  /** Runs queued or answering now, session-bound and stateless (`complete`) alike. */
  runsInFlight(): number;
  /** Starts a new session_id for the session now, as a reset would (resolveFreshSession); undefined when it has no entry yet. */
  startNewSession(sessionKey: string): Promise<SessionEntry | undefined>;
  onEvent(listener: AgentEventListener): () => void;
  /** Stops every run (partial answers kept), refuses new ones and waits for transcripts to be written. */
  close(): Promise<void>;
}

const SILENT: AgentLogger = { info() {}, warn() {}, error() {} };

/** The id of a chat session in the in-memory store, apart from ACP sessions sharing a store. */
function memorySessionId(sessionKey: string): string {
  return `chat:${sessionKey}`;
}

/** Creates the agent service (no I/O until the first message). */
export function createAgentService(options: AgentServiceOptions): AgentService {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? SILENT;
  const resolveStorePath = typeof options.sessionStorePath === 'function' ? options.sessionStorePath : () => options.sessionStorePath as string;
  const memoryStore = options.memoryStore ?? createInMemorySessionStore(now);
  const sessionStore = options.sessionStore;
  const queue = createKeyedQueue();
  const listeners = new Set<AgentEventListener>();
  // Controllers by run id, so close() can stop every run.
  const active = new Map<string, AbortController>();
  const inFlight = new Set<Promise<unknown>>();
  // Runs waiting in a session queue, by run id (value: session key), and those cancelled while waiting.
  const queued = new Map<string, string>();
  const cancelled = new Set<string>();
  let closed = false;

  const storeOptions = (): UpdateSessionStoreOptions => options.storeOptions?.() ?? {};
  const readSessionEntry =
    options.readSessionEntry ?? (async (storePath: string, sessionKey: string) => (await sessionStore.load(storePath, storeOptions()))[sessionKey]);
  // Provider errors can quote the API key ("Incorrect API key provided: sk-…"): error text is scrubbed
  // of the run's secrets and those in effect now (a key rotated mid-run) before anyone sees it.
  const scrubError = (text: string, runConfig?: OpenClawConfig): string => scrubErrorText(text, options.scrub, runConfig, options.config());

  // close() waits for every run, session-bound or stateless.
  const track = (done: Promise<unknown>): void => {
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };

  const emit = (event: AgentEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        logger.warn(`A chat event listener threw: ${describeError(error)}`);
      }
    }
  };

  async function runOnce(sessionKey: string, runId: string, text: string, sendOptions: AgentSendOptions): Promise<AgentRunOutcome> {
    queued.delete(runId);
    if (cancelled.delete(runId)) {
      return fail(sessionKey, runId, '', new AgentRunError('aborted', 'Cancelled on request (chat.abort) before it started; the message was not sent to the model'));
    }
    if (closed) return fail(sessionKey, runId, '', new AgentRunError('shutdown', 'The gateway shut down before this message was answered; send it again'));
    const config = options.config();
    const storePath = resolveStorePath();
    const sessionsDir = options.sessionsDir ?? path.dirname(storePath);
    const controller = new AbortController();
    const timer = armRunTimeout(controller, config.agent.timeout_seconds);
    // The memory store tracks which run a session is in, so chat.abort finds the controller.
    const memoryId = memorySessionId(sessionKey);
    if (!memoryStore.getSession(memoryId)) memoryStore.createSession(sessionKey, sessionsDir, memoryId);
    memoryStore.setActiveRun(memoryId, runId, controller);
    active.set(runId, controller);

    const progress = createAnswerProgress();
    let transcriptFile: string | undefined;
    let sessionId: string | undefined;
    let lastTs = 0;
    let model: ResolvedModel | undefined;
    let promptEstimate = 0;
    let createdSession = false;
    const stamp = (): number => (lastTs = Math.max(now(), lastTs + 1));
    try {
      const prepared = await prepareEntry(storePath, sessionsDir, sessionKey, config, sendOptions.context);
      const { entry } = prepared;
      createdSession = prepared.created;
      // Before anything is written: a run that cannot name a model leaves no trace.
      model = resolveModel(config.models, sendOptions.model ? { model_override: sendOptions.model } : entry);
      sessionId = entry.session_id;
      transcriptFile = resolveTranscriptPath(sessionsDir, sessionId);
      const previous = await readTranscript(transcriptFile);
      if (previous.skipped > 0) logger.warn(`Transcript ${transcriptFile}: skipped ${previous.skipped} unreadable line(s)`);
      lastTs = previous.lines.reduce((max, line) => Math.max(max, line.ts), 0);
      const { sourceId } = sendOptions;
      const recordedAt = sourceId === undefined ? -1 : previous.lines.findIndex((line) => line.role === 'user' && line.source_id === sourceId);
      if (recordedAt < 0) {
        await appendTranscriptLines(transcriptFile, [{ role: 'user', content: text, ts: stamp(), run_id: runId, ...(sourceId === undefined ? {} : { source_id: sourceId }) }]);
      } else {
        logger.info(`Session ${sessionKey}: message ${sourceId} is in the transcript already (replayed after a restart); answering it without recording it again`);
      }
      // The model sees the conversation as it stood when the message first came.
      const earlier = recordedAt < 0 ? previous.lines : previous.lines.slice(0, recordedAt);

      const system = resolveSystemPrompt(config.identity, entry);
      const history: ChatMessage[] = earlier
        .filter((line) => line.content.length > 0)
        .map((line) => ({ role: line.role, content: line.content }));
      history.push({ role: 'user', content: text });
      const trimmed = trimHistory(system, history, resolvePromptBudget(model.model.context_window, model.model.max_tokens), model.ref);
      if (trimmed.dropped > 0) {
        logger.info(`Session ${sessionKey}: dropped the ${trimmed.dropped} oldest message(s) to fit the context window of ${model.ref}`);
      }
      promptEstimate = estimatePromptTokens(system, trimmed.messages);

      await streamAnswer(
        model,
        { system, messages: trimmed.messages, maxTokens: sendOptions.maxTokens },
        {
          agent: config.agent,
          signal: controller.signal,
          fetch: options.fetch,
          now,
          warn: (message) => logger.warn(message),
          onDelta: (text) => emit({ event: 'chat.delta', params: { session_key: sessionKey, run_id: runId, text } }),
        },
        progress,
      );

      const partial = progress.text;
      const usage = resolveUsage(progress.reported, { input_tokens: promptEstimate, output_tokens: estimateTokens(partial) });
      const cost = resolveCost(usage, model.model.cost);
      await appendTranscriptLines(transcriptFile, [
        { role: 'assistant', content: partial, ts: stamp(), run_id: runId, usage, cost, provider: model.provider, model: model.model.id },
      ]);
      await recordRun(
        { storePath, sessionKey, sessionId },
        { at: now(), model: describeRunModel(model), usage, costUsd: cost, trimmed: trimmed.dropped > 0, stopped: false },
      );
      const final: ChatFinalEvent = {
        session_key: sessionKey,
        run_id: runId,
        session_id: sessionId,
        text: partial,
        provider: model.provider,
        model: model.model.id,
        usage,
        cost,
      };
      emit({ event: 'chat.final', params: final });
      return { ok: true, final, finishReason: progress.finishReason };
    } catch (thrown) {
      const error = toRunError(thrown, controller.signal);
      if (error.kind === 'internal') logger.error(`Run ${runId} of session ${sessionKey} failed`, { error: thrown instanceof Error ? thrown.stack : String(thrown) });
      const stopped = error.kind === 'aborted' || error.kind === 'timeout' || error.kind === 'shutdown';
      const message = scrubError(error.message, config);
      // Chat users (Telegram) only hear that the assistant is unavailable: the log keeps the reason.
      if (!stopped && error.kind !== 'internal') logger.warn(`Run ${runId} of session ${sessionKey} failed (${error.kind}): ${message}`);
      const partial = progress.text;
      // A provider that produced text billed for it: count it (estimated where it sent no usage).
      const usage =
        partial || progress.reported.input_tokens !== undefined
          ? resolveUsage(progress.reported, { input_tokens: promptEstimate, output_tokens: estimateTokens(partial) })
          : undefined;
      const cost = usage && model ? resolveCost(usage, model.model.cost) : undefined;
      // A conversation whose very first message got no answer at all is not a conversation: it
      // would sit in every list as an empty session. The caller has the error; nothing is kept.
      if (createdSession && !partial && sessionId) {
        await discardSession(storePath, sessionKey, sessionId, transcriptFile);
        return fail(sessionKey, runId, partial, error, message);
      }
      if (transcriptFile) {
        const line: TranscriptLine = {
          role: 'assistant',
          content: partial,
          ts: stamp(),
          run_id: runId,
          error: { kind: error.kind, message },
          ...(partial ? { partial: true } : {}),
          ...(usage ? { usage } : {}),
          ...(cost !== undefined ? { cost } : {}),
          ...(model ? { provider: model.provider, model: model.model.id } : {}),
        };
        await appendTranscriptLines(transcriptFile, [line]).catch((writeError: unknown) =>
          logger.error(`Could not record the failed run ${runId} in ${transcriptFile}: ${String(writeError)}`),
        );
      }
      if (sessionId) {
        await recordRun(
          { storePath, sessionKey, sessionId },
          { at: now(), model: model && describeRunModel(model), usage, costUsd: cost ?? 0, trimmed: false, stopped },
        );
      }
      return fail(sessionKey, runId, partial, error, message);
    } finally {
      clearTimeout(timer);
      if (memoryStore.getSession(memoryId)?.active_run_id === runId) memoryStore.clearActiveRun(memoryId);
      active.delete(runId);
    }
  }

  /** Removes a session this run created (its entry, if still that session, and its transcript); failures are logged, not thrown. */
  async function discardSession(storePath: string, sessionKey: string, sessionId: string, transcriptFile: string | undefined): Promise<void> {
    try {
      await sessionStore.update(
        storePath,
        (store) => {
          if (store[sessionKey]?.session_id === sessionId) delete store[sessionKey];
        },
        storeOptions(),
      );
      if (transcriptFile) await rm(transcriptFile, { force: true });
    } catch (error) {
      logger.error(`Could not remove the empty session ${sessionKey} after its first run failed: ${describeError(error)}`);
    }
  }

  /** Announces a failed run; `message` is the error's text already scrubbed (default: scrubbed here). */
  function fail(sessionKey: string, runId: string, partial: string, error: AgentRunError, message = scrubError(error.message)): AgentRunOutcome {
    const params: ChatErrorEvent = { session_key: sessionKey, run_id: runId, kind: error.kind, message, partial_text: partial };
    emit({ event: 'chat.error', params });
    return { ok: false, error: params };
  }

  /**
   * The entry a run starts from: `entry`, a new one when there is none, or a fresh session when
   * session.reset says so; then the channel context is applied and session_file points at the transcript.
   */
  function resolveRunEntry(
    entry: SessionEntry | undefined,
    at: number,
    config: OpenClawConfig,
    sessionsDir: string,
    context: AgentChannelContext | undefined,
  ): { entry: SessionEntry; reset: SessionResetReason } {
    const reset = entry ? resolveSessionReset(config.session, entry.updated_at, at) : null;
    const base = !entry ? createSessionEntry({ at }) : reset ? resolveFreshSession(entry, { at }) : entry;
    return { entry: withTranscriptPath(mergeSessionEntry(base, context ?? {}, { now: at }), sessionsDir, at), reset };
  }

  /** Finds or creates the session entry (created: it did not exist), starting a new session_id when session.reset says so; writes only when something changes. */
  async function prepareEntry(
    storePath: string,
    sessionsDir: string,
    sessionKey: string,
    config: OpenClawConfig,
    context: AgentChannelContext | undefined,
  ): Promise<{ entry: SessionEntry; created: boolean }> {
    const at = now();
    // The read is a stat; the locked write happens for new, reset or re-labelled sessions only.
    const cached = await readSessionEntry(storePath, sessionKey);
    if (cached) {
      const prepared = resolveRunEntry(cached, at, config, sessionsDir, context);
      // A merge always moves updated_at to now; the run's end records that, so it alone is no reason to write here.
      if (prepared.reset === null && isJsonEqual({ ...prepared.entry, updated_at: cached.updated_at }, cached)) return { entry: cached, created: false };
    } else {
      // No session is created for a message no model could answer.
      resolveModel(config.models);
    }
    let created = false;
    const entry = await sessionStore.update(
      storePath,
      (store) => {
        const previous = store[sessionKey];
        created = previous === undefined;
        const { entry: next, reset } = resolveRunEntry(previous, at, config, sessionsDir, context);
        if (reset && previous) {
          logger.info(`Session ${sessionKey}: ${reset} reset, new session id (the old transcript ${previous.session_id}.jsonl is kept)`);
        }
        store[sessionKey] = next;
        return structuredClone(next);
      },
      storeOptions(),
    );
    return { entry, created };
  }

  /** The entry with session_file set to its transcript, or cleared when the id cannot name a file. */
  function withTranscriptPath(entry: SessionEntry, sessionsDir: string, at: number): SessionEntry {
    return mergeSessionEntry(entry, { session_file: safeTranscriptPath(sessionsDir, entry.session_id) ?? null }, { now: at });
  }

  function safeTranscriptPath(sessionsDir: string, sessionId: string): string | undefined {
    try {
      return resolveTranscriptPath(sessionsDir, sessionId);
    } catch {
      // An id from another tool that cannot be a file name; the run reports it when it gets there.
      return undefined;
    }
  }

  /** Counts the run in the session's entry, unless someone deleted or reset the session meanwhile; failures are logged, not thrown. */
  async function recordRun(target: { storePath: string; sessionKey: string; sessionId: string }, run: SessionRun): Promise<void> {
    try {
      await sessionStore.update(
        target.storePath,
        (store) => {
          const entry = store[target.sessionKey];
          // Deleted or reset by someone else during the run: the transcript has the answer, the entry is theirs.
          if (!entry || entry.session_id !== target.sessionId) return;
          store[target.sessionKey] = applySessionRun(entry, run);
        },
        storeOptions(),
      );
    } catch (error) {
      logger.error(`Could not record the run in the session store ${target.storePath}: ${describeError(error)}`);
    }
  }

  return {
    send(sessionKey, text, sendOptions = {}) {
      if (closed) throw new AgentRunError('shutdown', 'The gateway is shutting down; send the message again once it is back');
      if (queue.size(sessionKey) >= MAX_QUEUED_RUNS_PER_SESSION) {
        throw new AgentRunError(
          'busy',
          `Session "${sessionKey}" already has ${MAX_QUEUED_RUNS_PER_SESSION} messages waiting; wait for the answers (or chat.abort) and send again`,
        );
      }
      const runId = randomUUID();
      queued.set(runId, sessionKey);
      const done = queue
        .run(sessionKey, () => runOnce(sessionKey, runId, text, sendOptions))
        .catch((error: unknown) => fail(sessionKey, runId, '', toRunError(error)));
      track(done);
      return { runId, done };
    },

    complete(request, completeOptions = {}) {
      if (closed) throw new AgentRunError('shutdown', 'The gateway is shutting down; send the request again once it is back');
      const runId = randomUUID();
      const controller = new AbortController();
      const { signal } = completeOptions;
      const onHangUp = (): void => controller.abort(new AgentRunError('aborted', 'The client went away; the answer was stopped'));
      if (signal?.aborted) onHangUp();
      signal?.addEventListener('abort', onHangUp, { once: true });
      active.set(runId, controller);
      const done = runCompletion(
        {
          config: options.config(),
          fetch: options.fetch,
          now,
          logger,
          scrub: scrubError,
        },
        { runId, controller, onDelta: completeOptions.onDelta },
        request,
      ).finally(() => {
        active.delete(runId);
        signal?.removeEventListener('abort', onHangUp);
      });
      track(done);
      return { runId, done };
    },

    abort(sessionKey, runId) {
      if (runId !== undefined && queued.get(runId) === sessionKey) {
        cancelled.add(runId);
        return { aborted: true, run_id: runId };
      }
      const memoryId = memorySessionId(sessionKey);
      const activeRunId = memoryStore.getSession(memoryId)?.active_run_id ?? null;
      if (activeRunId === null || (runId !== undefined && runId !== activeRunId)) return { aborted: false, run_id: activeRunId };
      // Abort with our reason first: cancelActiveRun's own abort() is then a no-op, and it clears the record.
      active.get(activeRunId)?.abort(new AgentRunError('aborted', 'Stopped on request (chat.abort); the partial answer was kept and marked'));
      memoryStore.cancelActiveRun(memoryId);
      return { aborted: true, run_id: activeRunId };
    },

    async history(input) {
      const params = ChatHistoryParamsSchema.parse(input);
      const storePath = resolveStorePath();
      const sessionsDir = options.sessionsDir ?? path.dirname(storePath);
      const entry = await readSessionEntry(storePath, params.session_key);
      if (!entry) return { session_key: params.session_key, session_id: null, messages: [], has_more: false };
      const { lines } = await readTranscript(resolveTranscriptPath(sessionsDir, entry.session_id));
      const before = params.before;
      const eligible = before === undefined ? lines : lines.filter((line) => line.ts < before);
      // Transcripts written before errors were scrubbed may still quote a key.
      const messages = eligible
        .slice(Math.max(0, eligible.length - params.limit))
        .map((line) => (line.error ? { ...line, error: { ...line.error, message: scrubError(line.error.message) } } : line));
      return { session_key: params.session_key, session_id: entry.session_id, messages, has_more: eligible.length > messages.length };
    },

    listModels() {
      return listModels(options.config().models);
    },

    runsInFlight: () => inFlight.size,

    startNewSession(sessionKey) {
      const storePath = resolveStorePath();
      const sessionsDir = options.sessionsDir ?? path.dirname(storePath);
      return sessionStore.update(
        storePath,
        (store) => {
          const entry = store[sessionKey];
          if (!entry) return undefined;
          const at = now();
          const next = withTranscriptPath(resolveFreshSession(entry, { at }), sessionsDir, at);
          store[sessionKey] = next;
          return structuredClone(next);
        },
        storeOptions(),
      );
    },

    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async close() {
      closed = true;
      for (const controller of active.values()) {
        controller.abort(new AgentRunError('shutdown', 'The gateway is shutting down; the run was stopped and its partial answer kept'));
      }
      await Promise.allSettled([...inFlight]);
      listeners.clear();
    },
  };
}

/** The model fields a run records in the session entry. */
function describeRunModel(model: ResolvedModel): NonNullable<SessionRun['model']> {
  return { provider: model.provider, id: model.model.id, context_window: model.model.context_window };
}
