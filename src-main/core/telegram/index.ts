export * from './access-policy.js';
export * from './accounts.js';
export * from './backoff.js';
export * from './html-chunk.js';
export * from './inbound.js';
export * from './markdown-html.js';
export * from './offset-store.js';
export * from './pairing-store.js';
export * from './reply-planner.js';
export * from './session-entry.js';
export * from './session-key.js';
export * from './messages.js';
export * from './polling.js';
// Type-only: the modules behind these load grammy, which the runtime imports on demand.
export type { TelegramBotHandle, TelegramWebhookDelivery } from './bot.js';
export type { TelegramChannel, TelegramChannelOptions } from './channel.js';
export type { TelegramAgent, TelegramEmit, TelegramLogger } from './update-handler.js';
export * from './pairing-cli.js';
export * from './service.js';
