import type { Api } from 'grammy';
import type { ReplyToMode } from '../../../src-shared/types/base.js';
import { classifyTelegramError } from './backoff.js';
import { resolveApiChatId } from './inbound.js';
import { resolveTelegramPlainText } from './telegram-html.js';
import type { ReplyOp, ReplyPlanner } from './reply-planner.js';

/** Where a reply goes and what it quotes. */
export interface ReplyTarget {
  chatId: string;
  threadId?: number;
  /** The user's message, quoted per reply_to_mode. */
  replyToMessageId?: number;
  replyToMode: ReplyToMode;
}

export interface ReplyWriterOptions {
  api: Api;
  target: ReplyTarget;
  planner: ReplyPlanner;
  onError?: (message: string) => void;
  /** The Bot API does not know sendMessageDraft (an older self-hosted server); the reply goes on with messages. */
  onDraftsUnsupported?: () => void;
  now?: () => number;
}

/** Carries a reply planner's operations out against the Bot API, in order. */
export interface ReplyWriter {
  /** The answer so far (the whole text, not a delta). */
  update(text: string): void;
  /** The final answer; resolves when every message shows it. */
  finish(text: string): Promise<void>;
  /** Sends a one-line notice after the reply (an error the user can act on). */
  notice(text: string): Promise<void>;
  /** How many Telegram messages the reply used. */
  messageCount(): number;
}

const isParseError = (error: unknown): boolean => /can't parse entities|unsupported start tag|can't find end/i.test(classifyTelegramError(error).message);
const isNotModified = (error: unknown): boolean => /message is not modified/i.test(classifyTelegramError(error).message);
// The Bot API answers 404 for a method it does not have (sendMessageDraft on servers older than Bot API 9.3).
const isUnknownMethod = (error: unknown): boolean => (error as { error_code?: unknown } | undefined)?.error_code === 404;

/**
 * Creates the writer for one reply: sends, edits, deletes and drafts (sendMessageDraft, its id the
 * user's message id) as the planner says (throttled draft updates are flushed on a timer), quotes
 * the user's message per reply_to_mode, and re-sends anything Telegram refuses as HTML ("can't
 * parse entities") as plain text. A refused draft switches the reply to messages and edits
 * (`onDraftsUnsupported` when the method is unknown). Failures are reported to `onError` and the
 * reply goes on with the next operation.
 */
export function createReplyWriter(options: ReplyWriterOptions): ReplyWriter {
  const { api, target, planner } = options;
  const now = options.now ?? Date.now;
  const chatId = resolveApiChatId(target.chatId);
  const messageIds: (number | undefined)[] = [];
  let chain: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  let draftsOff = false;
  // Non-zero, and one per reply: changes to one draft id are animated.
  const draftId = target.replyToMessageId ?? 1;

  const quote = (slot: number): Record<string, unknown> => {
    const quoted = target.replyToMode === 'all' || (target.replyToMode === 'first' && slot === 0);
    return quoted && target.replyToMessageId !== undefined
      ? { reply_parameters: { message_id: target.replyToMessageId, allow_sending_without_reply: true } }
      : {};
  };
  const thread = target.threadId === undefined ? {} : { message_thread_id: target.threadId };

  const sendDraft = async (html: string): Promise<void> => {
    try {
      await api.sendMessageDraft(Number(chatId), draftId, html, { ...thread, parse_mode: 'HTML' });
    } catch (error) {
      if (!isParseError(error)) throw error;
      await api.sendMessageDraft(Number(chatId), draftId, resolveTelegramPlainText(html), thread);
    }
  };

  const perform = async (op: ReplyOp): Promise<void> => {
    if (op.kind === 'draft') {
      if (draftsOff) return;
      try {
        await sendDraft(op.html);
      } catch (error) {
        draftsOff = true;
        if (isUnknownMethod(error)) options.onDraftsUnsupported?.();
        else options.onError?.(`Telegram draft to chat ${target.chatId} failed (${classifyTelegramError(error).message}); this answer is shown by editing a message instead`);
        for (const next of planner.disableDrafts()) await run(next);
      }
      return;
    }
    if (op.kind === 'send') {
      const other = { ...thread, ...quote(op.slot) };
      try {
        messageIds[op.slot] = (await api.sendMessage(chatId, op.html, { ...other, parse_mode: 'HTML' })).message_id;
      } catch (error) {
        if (!isParseError(error)) throw error;
        messageIds[op.slot] = (await api.sendMessage(chatId, resolveTelegramPlainText(op.html), other)).message_id;
      }
      return;
    }
    const messageId = messageIds[op.slot];
    if (messageId === undefined) return; // its send failed; nothing to change
    if (op.kind === 'delete') {
      await api.deleteMessage(chatId, messageId);
      messageIds.length = Math.min(messageIds.length, op.slot);
      return;
    }
    try {
      await api.editMessageText(chatId, messageId, op.html, { parse_mode: 'HTML' });
    } catch (error) {
      if (isNotModified(error)) return;
      if (!isParseError(error)) throw error;
      await api.editMessageText(chatId, messageId, resolveTelegramPlainText(op.html)).catch((retryError: unknown) => {
        if (!isNotModified(retryError)) throw retryError;
      });
    }
  };

  const run = (op: ReplyOp): Promise<void> =>
    perform(op).catch((error: unknown) => {
      options.onError?.(`Telegram ${op.kind} to chat ${target.chatId} failed: ${classifyTelegramError(error).message}`);
    });

  const enqueue = (ops: readonly ReplyOp[]): Promise<void> => {
    for (const op of ops) chain = chain.then(() => run(op));
    return chain;
  };

  const schedule = (): void => {
    if (timer || finished) return;
    const at = planner.nextFlushAt();
    if (at === undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      void enqueue(planner.flush(now()));
      schedule();
    }, Math.max(0, at - now()));
  };

  return {
    update(text) {
      if (finished) return;
      void enqueue(planner.update(text, now()));
      schedule();
    },
    async finish(text) {
      finished = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await enqueue(planner.finish(text));
    },
    async notice(text) {
      chain = chain.then(async () => {
        await api.sendMessage(chatId, text, { ...thread, ...quote(messageIds.length) }).then(
          () => undefined,
          (error: unknown) => options.onError?.(`Telegram notice to chat ${target.chatId} failed: ${classifyTelegramError(error).message}`),
        );
      });
      await chain;
    },
    messageCount: () => messageIds.filter((id) => id !== undefined).length,
  };
}
