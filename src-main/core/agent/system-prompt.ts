import type { IdentityConfig } from '../../../src-shared/config/schema.js';
import type { SessionEntry } from '../../../src-shared/sessions/entry.js';

type ChannelFields = Pick<SessionEntry, 'channel' | 'last_channel' | 'chat_type' | 'display_name' | 'label' | 'origin'>;

/**
 * Builds the system prompt: "You are <identity.name>." plus `identity.persona`, then one line on
 * where the conversation happens (channel, chat type, who) from the session entry; a session with
 * no channel is a chat in the OpenClaw Desktop dashboard or a local client.
 */
export function resolveSystemPrompt(identity: IdentityConfig, entry: ChannelFields = {}): string {
  const parts = [`You are ${identity.name}${identity.emoji ? ` ${identity.emoji}` : ''}.`];
  const persona = identity.persona?.trim();
  if (persona) parts.push(persona);
  parts.push(resolveChannelContext(entry));
  return parts.join('\n\n');
}

function resolveChannelContext(entry: ChannelFields): string {
  const channel = entry.channel ?? entry.last_channel ?? entry.origin?.provider ?? entry.origin?.surface;
  if (!channel) return 'You are chatting with your user through OpenClaw Desktop (the dashboard or a local client).';
  const chatType = entry.chat_type ?? entry.origin?.chat_type;
  const where = chatType === 'group' ? 'a group chat' : chatType === 'channel' ? 'a channel' : 'a direct chat';
  const name = entry.display_name ?? entry.label ?? entry.origin?.label;
  const withWhom = name ? (chatType === 'direct' || !chatType ? ` with ${name}` : ` named ${name}`) : '';
  return `This conversation is ${where}${withWhom} on ${channel}.`;
}
