import type { ApprovedSender, PairingRequest } from '../../../src-shared/telegram/pairing.js';
import type { TelegramBotStatus } from '../../../src-shared/telegram/status.js';
import { formatRelativeTime } from '../../lib/format.js';
import { ToastRegion, useToasts } from '../../lib/toasts.js';
import { useNow } from '../../lib/use-now.js';
import { describeBot, describeSender, PairedUsers } from './paired-users.js';
import { useChannels } from './use-channels.js';

const STATE_BADGE: Record<TelegramBotStatus['state'], string> = {
  running: 'badge badge-ok',
  starting: 'badge',
  retrying: 'badge badge-error',
  failed: 'badge badge-error',
  stopped: 'badge',
};

function BotRow({ bot, now }: { bot: TelegramBotStatus; now: number }) {
  return (
    <tr>
      <td className="mono">{bot.account_id}</td>
      <td>{bot.username ? `@${bot.username}` : '—'}</td>
      <td>{bot.mode}</td>
      <td>
        <span className={STATE_BADGE[bot.state]}>{bot.state}</span>
      </td>
      <td>
        {bot.reason ?? ''}
        {bot.state === 'retrying' && bot.retry_at ? <span className="muted"> (next try {formatRelativeTime(bot.retry_at, now)})</span> : null}
        {bot.hint ? <p className="bot-hint">{bot.hint}</p> : null}
      </td>
    </tr>
  );
}

/** The Channels view: each Telegram bot's state, the DM pairing requests waiting for approve or deny, and who is paired. */
export function ChannelsView() {
  const channels = useChannels();
  const now = useNow(10_000);
  const toasts = useToasts();

  async function decide(request: PairingRequest, decision: 'approve' | 'deny'): Promise<void> {
    const who = describeSender(request);
    if (decision === 'deny') {
      if (await channels.deny(request.code)) toasts.show(`Denied the pairing request from ${who} (${request.code}).`);
      return;
    }
    const result = await channels.approve(request.code);
    if (!result) return;
    const bot = describeBot(request.account_id, channels.status?.bots ?? []);
    toasts.show(
      result.notified
        ? `Approved ${who} for bot ${bot}; the bot told them.`
        : `Approved ${who} for bot ${bot}. The bot is not running, so they have not been told yet.`,
    );
  }

  async function revoke(user: ApprovedSender): Promise<void> {
    await channels.revoke(user);
    toasts.show(`Revoked ${describeSender(user)} from bot ${describeBot(user.account_id, channels.status?.bots ?? [])}; their next message gets a new pairing code.`);
  }

  if (channels.phase === 'loading') {
    return (
      <p className="state-note" role="status">
        Loading the channel status…
      </p>
    );
  }
  if (channels.phase === 'error' || !channels.status) {
    return (
      <div className="state-note state-error" role="alert">
        <p>Could not load the channel status: {channels.loadError}</p>
        <button type="button" className="button" onClick={channels.reload}>
          Try again
        </button>
      </div>
    );
  }

  const { status } = channels;
  // The gateway refuses a code once it expires; hide those rather than offer a button that fails.
  const waiting = channels.pairings.filter((request) => request.expires_at > now);
  return (
    <div className="channels-view">
      {channels.loadError ? (
        <p className="banner banner-warning" role="alert">
          Could not refresh: {channels.loadError}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="telegram-title">
        <h2 id="telegram-title" className="panel-title">
          Telegram
        </h2>
        {!status.enabled ? (
          <p className="empty-note">Telegram is off. Set telegram.enabled: true and telegram.bot_token (from @BotFather) in the config file.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table" aria-label="Telegram bots">
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Bot</th>
                  <th scope="col">Mode</th>
                  <th scope="col">State</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {status.bots.map((bot) => (
                  <BotRow key={bot.account_id} bot={bot} now={now} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="pairing-title">
        <h2 id="pairing-title" className="panel-title">
          Pending pairings <span className="muted panel-subtitle">codes expire after 1 hour</span>
        </h2>
        {waiting.length === 0 ? (
          <p className="empty-note">No one is waiting to be paired. When someone new messages a bot whose dm_policy is pairing, their request shows up here.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table pairing-table" aria-label="Pending pairing requests">
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">From</th>
                  <th scope="col">Bot</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span className="visually-hidden">Decision</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {waiting.map((request) => {
                  const busy = channels.busy.includes(request.code);
                  const error = channels.errors[request.code];
                  return (
                    <tr key={request.code}>
                      <td className="mono">{request.code}</td>
                      <td>
                        {describeSender(request)} <span className="muted">(Telegram id {request.user_id})</span>
                      </td>
                      <td className="mono">{request.account_id}</td>
                      <td>{formatRelativeTime(request.expires_at, now)}</td>
                      <td className="pairing-actions">
                        <span className="status-group">
                          <button
                            type="button"
                            className="button button-primary button-small"
                            disabled={busy}
                            aria-label={`Approve ${request.code}`}
                            onClick={() => void decide(request, 'approve')}
                          >
                            Approve
                          </button>
                          <button
                            type="button"
                            className="button button-danger button-small"
                            disabled={busy}
                            aria-label={`Deny ${request.code}`}
                            onClick={() => void decide(request, 'deny')}
                          >
                            Deny
                          </button>
                        </span>
                        {error ? (
                          <p className="field-error" role="alert">
                            {error}
                          </p>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {status.enabled ? <PairedUsers bots={status.bots} users={channels.approved} error={channels.approvedError} now={now} onRevoke={revoke} /> : null}
      <ToastRegion toasts={toasts.toasts} onDismiss={toasts.dismiss} />
    </div>
  );
}
