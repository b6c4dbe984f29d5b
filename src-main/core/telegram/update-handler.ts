import type { Api } from 'grammy';
import type { Message, Update } from 'grammy/types';
import type { OpenClawConfig } from '../../../src-shared/config/schema.js';
import type { SessionEntry } from '../../../src-shared/sessions/entry.js';
import { describeError } from '../../../src-shared/utils/common.js';
import { AgentRunError } from '../agent/errors.js';
import { resolveModel } from '../agent/models.js';
import type { AgentService } from '../agent/service.js';
import type { SessionStoreHandle } from '../sessions/store.js';
import type { UpdateSessionStoreOptions } from '../sessions/types.js';
import { scrubErrorText, type SecretScrubber } from '../utils/secret-scrubber.js';
import { resolveDmAccess, resolveGroupAccess } from './access-policy.js';
import type { TelegramAccount } from './accounts.js';
import { classifyTelegramError } from './backoff.js';
import { resolveApiChatId, resolveInboundMessage, stripBotMention, type InboundMessage, type TelegramBotIdentity } from './inbound.js';
import {
  EMPTY_ANSWER_TEXT,
  NEW_SESSION_TEXT,
  NOTHING_TO_STOP_TEXT,
  STOPPED_TEXT,
  resolveGreetingText,
  resolveNotAllowedText,
  resolvePairingCooldownText,
  resolvePairingPromptHtml,
  resolveRunErrorText,
  resolveStatusText,
} from './messages.js';
import type { PairingStore } from './pairing-store.js';
import { createReplyPlanner } from './reply-planner.js';
import { createReplyWriter } from './reply-stream.js';
import { recordTelegramSession } from './session-entry.js';
import { resolveTelegramSessionKey } from './session-key.js';
import { startTypingIndicator } from './typing.js';

/** The part of the agent service the channel uses. */
export type TelegramAgent = Pick<AgentService, 'send' | 'abort' | 'onEvent' | 'startNewSession'>;

export interface TelegramLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Broadcasts a gateway event (`telegram.message`, `telegram.reply`, `pairing.requested`). */
export type TelegramEmit = (event: string, params: Record<string, unknown>) => void;

export interface TelegramHandlerDeps {
  account: TelegramAccount;
  api: Api;
  bot: TelegramBotIdentity;
  /** The config in effect (session.dm_scope, identity, session store), read per message. */
  config: () => OpenClawConfig;
  /** The session store handle entries are read and written through (the runtime's). */
  sessionStore: SessionStoreHandle;
  sessionStorePath: () => string;
  storeOptions?: () => UpdateSessionStoreOptions;
  pairing: PairingStore;
  agent: TelegramAgent;
  emit: TelegramEmit;
  logger: TelegramLogger;
  now?: () => number;
  /** partial stream mode: least time between draft edits (default 1,000 ms). */
  minEditIntervalMs?: number;
  /** The runtime's secret keeper (the logger's too), for reasons shown on the dashboard; default: the config's secrets only. */
  scrub?: SecretScrubber;
}

export interface TelegramUpdateHandler {
  /**
   * Routes one update: policy, pairing, commands, session entry, and the start of the answer; resolves
   * once routed, with `settled` resolving when the update is fully dealt with (its answer written).
   */
  handle(update: Update): Promise<{ settled: Promise<void> }>;
  /** Stops the answers being written (partial text is kept) and waits for them, at most `timeoutMs`. */
  drain(timeoutMs: number): Promise<void>;
}

const COMMANDS = new Set(['start', 'help', 'new', 'status', 'stop']);

/** The model the session's next message goes to (its overrides, else models.default), or why there is none. */
function resolveNextModel(config: OpenClawConfig, entry: SessionEntry | undefined): string {
  try {
    return resolveModel(config.models, entry).ref;
  } catch (error) {
    return `none (${describeError(error)})`;
  }
}

/** Creates the handler of one bot's updates; nothing happens until `handle` is called. */
export function createTelegramUpdateHandler(deps: TelegramHandlerDeps): TelegramUpdateHandler {
  const { account, api, bot, pairing, agent, emit, logger } = deps;
  const now = deps.now ?? Date.now;
  const inFlight = new Map<string, { sessionKey: string; done: Promise<void> }>();
  // Remembered for the bot's life: a Bot API server without sendMessageDraft will not grow it.
  let draftsUnsupported = false;
  const storeOptions = (): UpdateSessionStoreOptions => deps.storeOptions?.() ?? {};

  const say = async (inbound: InboundMessage, text: string, html = false): Promise<void> => {
    try {
      await api.sendMessage(resolveApiChatId(inbound.chatId), text, {
        ...(html ? { parse_mode: 'HTML' as const } : {}),
        ...(inbound.threadId === undefined ? {} : { message_thread_id: inbound.threadId }),
        ...(inbound.chatType === 'group' ? { reply_parameters: { message_id: inbound.messageId, allow_sending_without_reply: true } } : {}),
      });
    } catch (error) {
      logger.warn(`Telegram: could not answer chat ${inbound.chatId}: ${classifyTelegramError(error).message}`, { account: account.accountId });
    }
  };

  const messageEvent = (inbound: InboundMessage, outcome: string, sessionKey?: string): void => {
    emit('telegram.message', {
      account_id: account.accountId,
      chat_id: inbound.chatId,
      chat_type: inbound.chatType,
      message_id: inbound.messageId,
      from: { id: inbound.senderId, name: inbound.senderName, ...(inbound.senderUsername ? { username: inbound.senderUsername } : {}) },
      text: inbound.text,
      outcome,
      ...(sessionKey ? { session_key: sessionKey } : {}),
    });
  };

  const firstName = (inbound: InboundMessage): string => inbound.senderName.split(' ')[0] ?? inbound.senderName;

  /** Handles an unpaired DM sender; only a new code (or /start) gets an answer, so a flood of messages gets one reply. */
  const handlePairing = async (inbound: InboundMessage): Promise<void> => {
    const result = await pairing.request({
      accountId: account.accountId,
      userId: inbound.senderId,
      ...(inbound.senderUsername ? { username: inbound.senderUsername } : {}),
      name: inbound.senderName,
    });
    const isStart = inbound.command?.name === 'start';
    messageEvent(inbound, result.kind === 'cooldown' ? 'pairing_cooldown' : 'pairing');
    if (result.kind === 'created') {
      for (const evicted of result.evicted) {
        logger.info(`Telegram: pairing ${evicted.code} (${evicted.name ?? evicted.user_id}) moved out of the pending file for a newer request (3 wait there at most); still approvable from the dashboard until it expires`, { account: account.accountId });
      }
      logger.info(`Telegram: pairing requested by ${inbound.senderName} (${inbound.senderId}), code ${result.request.code}`, { account: account.accountId });
      emit('pairing.requested', { request: result.request });
      await say(inbound, resolvePairingPromptHtml(result.request), true);
    } else if (result.kind === 'pending' && isStart) {
      await say(inbound, resolvePairingPromptHtml(result.request), true);
    } else if (result.kind === 'cooldown' && isStart) {
      await say(inbound, resolvePairingCooldownText(result.retryAfterMs));
    }
  };

  const startAnswer = (inbound: InboundMessage, sessionKey: string, text: string, sourceId: string): Promise<void> => {
    const typing = startTypingIndicator(api, inbound.chatId, inbound.threadId, account.typingMode);
    const planner = createReplyPlanner({
      streamMode: account.streamMode,
      chunkMode: account.chunkMode,
      textChunkLimit: account.textChunkLimit,
      tables: account.markdownTables,
      // Native drafts exist in private chats only; groups see a message being edited.
      drafts: account.streamMode === 'partial' && inbound.chatType === 'direct' && !draftsUnsupported,
      ...(deps.minEditIntervalMs === undefined ? {} : { minEditIntervalMs: deps.minEditIntervalMs }),
    });
    const writer = createReplyWriter({
      api,
      target: {
        chatId: inbound.chatId,
        ...(inbound.threadId === undefined ? {} : { threadId: inbound.threadId }),
        replyToMessageId: inbound.messageId,
        replyToMode: account.replyToMode,
      },
      planner,
      now,
      onError: (message) => logger.warn(`Telegram: ${message}`, { account: account.accountId }),
      onDraftsUnsupported: () => {
        if (draftsUnsupported) return;
        draftsUnsupported = true;
        logger.warn(
          `Telegram bot "${account.accountId}": the Bot API server (telegram.api_root) does not know sendMessageDraft, as before Bot API 9.3; answers stream by editing a message instead`,
          { account: account.accountId },
        );
      },
    });
    let run: ReturnType<TelegramAgent['send']>;
    try {
      run = agent.send(sessionKey, text, { sourceId });
    } catch (error) {
      typing.stop();
      // The dashboard gets the reason (scrubbed like every error that leaves); the sender a fixed line.
      const message = scrubErrorText(describeError(error), deps.scrub, deps.config());
      emit('telegram.reply', { account_id: account.accountId, chat_id: inbound.chatId, session_key: sessionKey, ok: false, error: { message } });
      return writer.notice(resolveRunErrorText(error instanceof AgentRunError ? error.kind : 'internal')).then(() => undefined);
    }
    const { runId } = run;
    let answer = '';
    const unsubscribe = agent.onEvent((event) => {
      if (event.event !== 'chat.delta' || event.params.run_id !== runId) return;
      answer += event.params.text;
      typing.output();
      writer.update(answer);
    });
    const done = run.done
      .then(async (outcome) => {
        unsubscribe();
        typing.stop();
        if (outcome.ok) {
          await writer.finish(outcome.final.text);
          if (writer.messageCount() === 0) await writer.notice(EMPTY_ANSWER_TEXT);
        } else {
          await writer.finish(outcome.error.partial_text);
          if (outcome.error.kind !== 'aborted') await writer.notice(resolveRunErrorText(outcome.error.kind));
        }
        emit('telegram.reply', {
          account_id: account.accountId,
          chat_id: inbound.chatId,
          session_key: sessionKey,
          run_id: runId,
          ok: outcome.ok,
          messages: writer.messageCount(),
          ...(outcome.ok ? { text: outcome.final.text } : { error: { kind: outcome.error.kind, message: outcome.error.message } }),
        });
      })
      .catch((error: unknown) => {
        logger.error(`Telegram: answer in chat ${inbound.chatId} failed: ${describeError(error)}`);
      })
      .finally(() => inFlight.delete(runId));
    inFlight.set(runId, { sessionKey, done });
    return done;
  };

  const runCommand = async (inbound: InboundMessage, sessionKey: string, name: string): Promise<void> => {
    const config = deps.config();
    switch (name) {
      case 'start':
      case 'help':
        await say(inbound, resolveGreetingText(config.identity.name, firstName(inbound)));
        return;
      case 'new':
        await recordTelegramSession(deps.sessionStore, deps.sessionStorePath(), sessionKey, inbound, { ...storeOptions(), nowMs: now() });
        await agent.startNewSession(sessionKey);
        await say(inbound, NEW_SESSION_TEXT);
        return;
      case 'status': {
        const entry = (await deps.sessionStore.load(deps.sessionStorePath(), { skipCache: true }))[sessionKey];
        await say(inbound, resolveStatusText(sessionKey, entry, resolveNextModel(config, entry)));
        return;
      }
      case 'stop': {
        const { aborted } = agent.abort(sessionKey);
        // The stopped answer is sent first (a draft is no message until then), so the chat reads in order.
        if (aborted) await Promise.all([...inFlight.values()].filter((answer) => answer.sessionKey === sessionKey).map((answer) => answer.done));
        await say(inbound, aborted ? STOPPED_TEXT : NOTHING_TO_STOP_TEXT);
        return;
      }
    }
  };

  const handleMessage = async (message: Message, updateId: number): Promise<{ settled: Promise<void> } | undefined> => {
    const inbound = resolveInboundMessage(message, bot, account.accountId);
    if (!inbound) return;
    const config = deps.config();
    if (inbound.chatType === 'direct') {
      const approved = account.dmPolicy === 'pairing' && (await pairing.isApproved(account.accountId, inbound.senderId));
      const access = resolveDmAccess({
        policy: account.dmPolicy,
        allowFrom: account.allowFrom,
        approved,
        sender: { id: inbound.senderId, username: inbound.senderUsername },
      });
      if (access.action === 'pair') {
        await handlePairing(inbound);
        return undefined;
      }
      if (access.action === 'deny') {
        messageEvent(inbound, `denied_${access.reason}`);
        if (access.reason === 'not_allowed') await say(inbound, resolveNotAllowedText(inbound.senderId));
        return;
      }
    } else {
      const access = resolveGroupAccess({
        policy: account.groupPolicy,
        groups: account.groups,
        chatId: inbound.chatId,
        requireMention: account.requireMention,
        addressed: inbound.addressed,
      });
      // Group chatter not meant for the bot is neither answered nor announced.
      if (access.action === 'ignore') return;
    }

    const sessionKey = resolveTelegramSessionKey({
      dmScope: config.session.dm_scope,
      accountId: account.accountId,
      chatType: inbound.chatType,
      chatId: inbound.chatId,
      senderId: inbound.senderId,
      ...(inbound.threadId === undefined ? {} : { threadId: inbound.threadId }),
    });
    const command = inbound.command && COMMANDS.has(inbound.command.name) ? inbound.command.name : undefined;
    messageEvent(inbound, command ? `command_${command}` : 'accepted', sessionKey);
    if (command) {
      await runCommand(inbound, sessionKey, command);
      return undefined;
    }

    const text = inbound.chatType === 'group' ? stripBotMention(inbound.text, bot) : inbound.text;
    if (!text) return;
    await recordTelegramSession(deps.sessionStore, deps.sessionStorePath(), sessionKey, inbound, { ...storeOptions(), nowMs: now() });
    // Wrapped: returning the promise itself would make this async function wait for the whole answer.
    // By update id: a message replayed from the journal after a crash is recorded in the transcript once.
    return { settled: startAnswer(inbound, sessionKey, text, `telegram:${bot.id}:${updateId}`) };
  };

  return {
    async handle(update) {
      const routed = update.message ? await handleMessage(update.message, update.update_id) : undefined;
      return routed ?? { settled: Promise.resolve() };
    },
    async drain(timeoutMs) {
      for (const { sessionKey } of inFlight.values()) agent.abort(sessionKey);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight.values()].map((entry) => entry.done)),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      if (timer) clearTimeout(timer);
    },
  };
}
