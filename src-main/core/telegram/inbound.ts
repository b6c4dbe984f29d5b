import type { Message, MessageEntity, User } from 'grammy/types';
import { escapeRegExp } from '../../../src-shared/utils/common.js';

/** The bot that received a message, as getMe describes it. */
export interface TelegramBotIdentity {
  id: number;
  username: string;
}

/** A Telegram message reduced to what routing, policy and the agent need. */
export interface InboundMessage {
  accountId: string;
  messageId: number;
  chatId: string;
  chatType: 'direct' | 'group';
  chatTitle?: string;
  /** Forum topic id; only set for messages inside a topic of a forum supergroup. */
  threadId?: number;
  topicName?: string;
  senderId: string;
  senderUsername?: string;
  senderName: string;
  text: string;
  /** A bot command addressed to this bot (`/new`, `/new@this_bot`), lower-cased, without the slash. */
  command?: { name: string; args: string };
  /** The bot was @mentioned, text-mentioned or replied to, or the message is one of its commands. */
  addressed: boolean;
}

/** Returns "First Last", falling back to @username, then the numeric id. */
export function resolveTelegramUserName(user: Pick<User, 'id' | 'first_name' | 'last_name' | 'username'>): string {
  const full = [user.first_name, user.last_name].filter((part) => part && part.trim()).join(' ').trim();
  if (full) return full;
  return user.username ? `@${user.username}` : String(user.id);
}

function entityText(text: string, entity: MessageEntity): string {
  return text.slice(entity.offset, entity.offset + entity.length);
}

function isMentioned(text: string, entities: readonly MessageEntity[], bot: TelegramBotIdentity): boolean {
  const handle = `@${bot.username}`.toLowerCase();
  return entities.some(
    (entity) =>
      (entity.type === 'mention' && entityText(text, entity).toLowerCase() === handle) ||
      (entity.type === 'text_mention' && entity.user.id === bot.id),
  );
}

function parseCommand(
  text: string,
  entities: readonly MessageEntity[],
  bot: TelegramBotIdentity,
): { name: string; args: string } | undefined {
  const first = entities[0];
  if (!first || first.type !== 'bot_command' || first.offset !== 0) return undefined;
  const [name = '', target] = entityText(text, first).slice(1).split('@');
  // `/cmd@other_bot` belongs to another bot in the same group.
  if (target !== undefined && target.toLowerCase() !== bot.username.toLowerCase()) return undefined;
  return { name: name.toLowerCase(), args: text.slice(first.length).trim() };
}

/**
 * Reduces a Telegram message to an InboundMessage; undefined for what the channel ignores: channel
 * posts, messages from bots (our own included), service messages and anything without text or caption.
 */
export function resolveInboundMessage(message: Message, bot: TelegramBotIdentity, accountId: string): InboundMessage | undefined {
  const chat = message.chat;
  const sender = message.from;
  if (!sender || sender.is_bot) return undefined;
  if (chat.type === 'channel') return undefined;
  const text = message.text ?? message.caption;
  if (text === undefined || text.trim() === '') return undefined;
  const entities = message.entities ?? message.caption_entities ?? [];

  const command = parseCommand(text, entities, bot);
  const replyToBot = message.reply_to_message?.from?.id === bot.id;
  const isGroup = chat.type === 'group' || chat.type === 'supergroup';
  const inTopic = chat.type === 'supergroup' && chat.is_forum === true && message.is_topic_message === true;
  const topicName = inTopic ? message.reply_to_message?.forum_topic_created?.name : undefined;
  return {
    accountId,
    messageId: message.message_id,
    chatId: String(chat.id),
    chatType: isGroup ? 'group' : 'direct',
    ...(isGroup && chat.title ? { chatTitle: chat.title } : {}),
    ...(inTopic && message.message_thread_id !== undefined ? { threadId: message.message_thread_id } : {}),
    ...(topicName ? { topicName } : {}),
    senderId: String(sender.id),
    ...(sender.username ? { senderUsername: sender.username } : {}),
    senderName: resolveTelegramUserName(sender),
    text,
    ...(command ? { command } : {}),
    addressed: command !== undefined || isMentioned(text, entities, bot) || replyToBot,
  };
}

/** Removes the bot's @handle from the text given to the model, so "@bot what time is it" reads naturally. */
export function stripBotMention(text: string, bot: TelegramBotIdentity): string {
  const pattern = new RegExp(`(^|\\s)@${escapeRegExp(bot.username)}\\b`, 'gi');
  return text.replace(pattern, '$1').replace(/\s{2,}/g, ' ').trim();
}

/** The chat id as the Bot API takes it: a number for numeric ids (all real chats), else the string (an @channel name). */
export function resolveApiChatId(chatId: string): number | string {
  return /^-?\d+$/.test(chatId) ? Number(chatId) : chatId;
}
