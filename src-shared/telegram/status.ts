import { z } from 'zod';

/** Where one bot is in its life: `retrying` waits out a conflict or network error, `failed` needs the user. */
export const TelegramBotStateSchema = z.enum(['stopped', 'starting', 'running', 'retrying', 'failed']);
export type TelegramBotState = z.infer<typeof TelegramBotStateSchema>;

export const TelegramBotStatusSchema = z.object({
  account_id: z.string().describe('"default" for the top-level bot, else the key under telegram.accounts'),
  state: TelegramBotStateSchema,
  mode: z.enum(['polling', 'webhook']),
  username: z.string().optional().describe('The bot @username once getMe succeeded'),
  reason: z.string().optional().describe('Why the bot is retrying or failed, in words the user can act on'),
  retry_at: z.number().int().optional().describe('Epoch ms of the next attempt while retrying'),
  privacy_mode: z
    .boolean()
    .optional()
    .describe('getMe says can_read_all_group_messages is false: in groups the bot only gets commands and mentions (known once getMe succeeded)'),
  hint: z.string().optional().describe('Something to change although the bot runs, e.g. privacy mode while a group policy expects every message'),
  updated_at: z.number().int(),
});
export type TelegramBotStatus = z.infer<typeof TelegramBotStatusSchema>;

/** The Telegram channel as a whole: one entry per configured bot. */
export const TelegramStatusSchema = z.object({
  enabled: z.boolean(),
  bots: z.array(TelegramBotStatusSchema),
});
export type TelegramStatus = z.infer<typeof TelegramStatusSchema>;
