import type { ChatErrorKind } from '../../../src-shared/protocol/chat.js';
import type { SessionEntry } from '../../../src-shared/sessions/entry.js';
import type { PairingRequest } from '../../../src-shared/telegram/pairing.js';
import { escapeTelegramHtml } from './telegram-html.js';

/** The status hint of a bot in privacy mode whose group policy expects ordinary messages. */
export const PRIVACY_MODE_HINT =
  'privacy mode is on: in groups the bot only sees commands and mentions; turn it off with @BotFather /setprivacy, or mention the bot';

// What the bot says on its own behalf (not the model's words). HTML where marked, plain otherwise.

/** HTML: the pairing prompt, with the code tap-to-copy and how the owner approves it. */
export function resolvePairingPromptHtml(request: PairingRequest): string {
  const code = escapeTelegramHtml(request.code);
  return [
    'This assistant only answers people its owner has approved.',
    `Your pairing code: <code>${code}</code> (valid for 1 hour).`,
    `Ask the owner to approve it in the OpenClaw dashboard, or on their computer: <code>npm run gateway -- pairing approve ${code}</code>`,
  ].join('\n');
}

/** Plain: the answer to /start from a sender who got a code within the cooldown (since denied or expired). */
export function resolvePairingCooldownText(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `You got a pairing code a few minutes ago. Send /start again in ${minutes} minute${minutes === 1 ? '' : 's'} for a new one.`;
}

/** Plain: sent to a sender when the owner approves their code from the dashboard or over WS. */
export const PAIRING_APPROVED_TEXT = 'You are approved. Send me a message to start.';

/** Plain: a DM from someone not on allow_from (dm_policy allowlist), with the id the owner needs. */
export function resolveNotAllowedText(userId: string): string {
  return `You are not on this assistant's allow list. Ask its owner to add your Telegram id ${userId} to telegram.allow_from.`;
}

/** Plain: the answer to /start and /help once the sender may talk to the assistant. */
export function resolveGreetingText(assistantName: string, firstName: string): string {
  return [
    `Hi ${firstName}! I'm ${assistantName}. Send me a message and I'll answer.`,
    '/new starts a fresh conversation, /status shows the model and token use, /stop stops an answer.',
  ].join('\n');
}

export const NEW_SESSION_TEXT = 'Started a new conversation; earlier messages are kept in the old transcript.';
export const STOPPED_TEXT = 'Stopped.';
export const NOTHING_TO_STOP_TEXT = 'Nothing to stop: no answer is being written.';
export const EMPTY_ANSWER_TEXT = 'The model returned an empty answer.';

const formatCount = (value: number | undefined): string => (value ?? 0).toLocaleString('en-US');

/** Plain: the /status answer: the model the next message goes to (`model`, a ref or why there is none), tokens of the session, session key. */
export function resolveStatusText(sessionKey: string, entry: SessionEntry | undefined, model: string): string {
  return [
    `Model: ${model}`,
    `Tokens: ${formatCount(entry?.input_tokens)} in, ${formatCount(entry?.output_tokens)} out, ${formatCount(entry?.total_tokens)} total`,
    `Session: ${sessionKey}`,
  ].join('\n');
}

/** Plain: what a chat user is told when the assistant cannot answer for a reason only the owner can fix. */
export const ASSISTANT_UNAVAILABLE_TEXT = '⚠️ The assistant is unavailable right now. Its owner can see why in the OpenClaw dashboard.';

// Failures the sender can act on get their own words; every other reason (a rejected key, a provider
// URL, a config problem) is the owner's business and stays in the dashboard and the log.
const RUN_ERROR_TEXT: Partial<Record<ChatErrorKind, string>> = {
  busy: '⚠️ Too many of your messages are waiting for an answer; wait for them, then send again.',
  timeout: '⚠️ The answer took too long and was stopped.',
  shutdown: '⚠️ The assistant is restarting; send your message again in a moment.',
};

/** Plain, one line: what a chat user is told when an answer failed; never the agent's message, which names provider URLs and config keys. */
export function resolveRunErrorText(kind: ChatErrorKind): string {
  return RUN_ERROR_TEXT[kind] ?? ASSISTANT_UNAVAILABLE_TEXT;
}
