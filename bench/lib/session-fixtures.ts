import type { SessionEntry, SessionStore } from '../../src-shared/sessions/entry.js';

const CHANNELS = ['telegram', 'telegram', 'telegram', 'cli', 'slack'] as const;

/** A realistic entry (Telegram chats, groups and topics, scripts), about 700 bytes of JSON like a store in use. */
export function makeSessionEntry(i: number, now: number): SessionEntry {
  const channel = CHANNELS[i % CHANNELS.length] ?? 'telegram';
  const chatType = i % 4 === 0 ? 'group' : 'direct';
  return {
    session_id: `0b6f${i.toString(16).padStart(4, '0')}-5d3c-4a8e-9f1b-${i.toString().padStart(12, '0')}`,
    updated_at: now - i * 1000,
    label: `${channel === 'telegram' ? 'Telegram' : channel} chat ${i}`,
    chat_type: chatType,
    channel,
    origin: { provider: channel, surface: channel, chat_type: chatType, from: `${channel}:${100000 + i}`, to: 'bot' },
    last_channel: channel,
    last_to: `${channel}:${100000 + i}`,
    aborted_last_run: false,
    system_sent: true,
    model_provider: 'openai',
    model: 'gpt-4o-mini',
    input_tokens: 1200 + i,
    output_tokens: 300 + i,
    total_tokens: 1500 + 2 * i,
    compaction_count: 0,
  };
}

/** The key of the i-th bench session. */
export function benchSessionKey(i: number): string {
  return `agent:main:telegram:direct:${100000 + i}`;
}

/** A store of `entries` sessions, the newest first, updated a second apart before `now`. */
export function makeSessionStore(entries: number, now = Date.now()): SessionStore {
  const store: SessionStore = {};
  for (let i = 0; i < entries; i += 1) store[benchSessionKey(i)] = makeSessionEntry(i, now);
  return store;
}
