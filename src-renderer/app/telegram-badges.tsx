import type { TelegramBotStatus, TelegramStatus } from '../../src-shared/telegram/status.js';

const PILL_CLASS: Record<TelegramBotStatus['state'], string> = {
  running: 'status-ok',
  starting: 'status-pending',
  retrying: 'status-warning',
  failed: 'status-error',
  stopped: 'status-pending',
};

function describeBot(bot: TelegramBotStatus): string {
  const name = bot.username ? `@${bot.username}` : bot.account_id;
  return bot.reason && bot.state !== 'running' ? `${name}: ${bot.state}: ${bot.reason}` : `${name}: ${bot.state}`;
}

/** One pill per bot, e.g. "@claw_bot: running" or "default: failed: invalid bot token"; a long reason is cut short on screen and shown whole on hover. */
export function TelegramBadges({ status }: { status: TelegramStatus }) {
  return (
    <span className="status-group">
      {status.bots.map((bot) => (
        <span key={bot.account_id} className={`status-pill telegram-pill ${PILL_CLASS[bot.state]}`} title={describeBot(bot)}>
          <span className="dot" aria-hidden="true" /> <span className="pill-text">{describeBot(bot)}</span>
        </span>
      ))}
    </span>
  );
}
