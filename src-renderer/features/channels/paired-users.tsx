import { useRef, useState } from 'react';
import type { ApprovedSender } from '../../../src-shared/telegram/pairing.js';
import type { TelegramBotStatus } from '../../../src-shared/telegram/status.js';
import { Dialog } from '../../lib/dialog.js';
import { formatRelativeTime, formatTimestamp } from '../../lib/format.js';
import { useConfirmSubmit } from '../../lib/use-confirm-submit.js';

/** How a Telegram sender is named on the page: name and @username when known, else their id. */
export function describeSender(sender: Pick<ApprovedSender, 'name' | 'username' | 'user_id'>): string {
  const parts = [sender.name, sender.username ? `@${sender.username}` : undefined].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : `id ${sender.user_id}`;
}

/** A bot's name for headings: its account id, with its @username once the bot has started. */
export function describeBot(accountId: string, bots: readonly TelegramBotStatus[]): string {
  const username = bots.find((bot) => bot.account_id === accountId)?.username;
  return username ? `${accountId} (@${username})` : accountId;
}

interface RevokeDialogProps {
  user: ApprovedSender;
  bot: string;
  onConfirm(): Promise<void>;
  onClose(): void;
}

/** Asks before taking a sender off a bot's paired list; a refusal shows in the dialog. */
function RevokeDialog({ user, bot, onConfirm, onClose }: RevokeDialogProps) {
  const cancel = useRef<HTMLButtonElement>(null);
  const { error, busy, onSubmit } = useConfirmSubmit(onConfirm, onClose);

  // Focus starts on Cancel: revoking is the step to take on purpose.
  return (
    <Dialog title={`Revoke ${describeSender(user)}?`} onDismiss={busy ? undefined : onClose} initialFocus={cancel}>
      <form onSubmit={(event) => void onSubmit(event)}>
        <p>
          {describeSender(user)} (Telegram id <span className="mono">{user.user_id}</span>) is taken off the paired list of bot {bot}. Their
          next message gets a new pairing code, which has to be approved again.
        </p>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button ref={cancel} type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button-danger" disabled={busy}>
            Revoke
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export interface PairedUsersProps {
  bots: readonly TelegramBotStatus[];
  users: readonly ApprovedSender[] | null;
  error: string | null;
  now: number;
  onRevoke(user: ApprovedSender): Promise<void>;
}

/** Each bot's paired senders (name, id, when approved) with Revoke, which asks first. */
export function PairedUsers({ bots, users, error, now, onRevoke }: PairedUsersProps) {
  const [confirming, setConfirming] = useState<ApprovedSender | null>(null);
  const accounts = [...new Set([...bots.map((bot) => bot.account_id), ...(users ?? []).map((user) => user.account_id)])];

  return (
    <section className="panel" aria-labelledby="paired-title">
      <h2 id="paired-title" className="panel-title">
        Paired users <span className="muted panel-subtitle">who may message each bot directly</span>
      </h2>
      {error ? (
        <p className="banner banner-warning" role="alert">
          Could not read the paired users: {error}
        </p>
      ) : null}
      {users === null ? (
        error ? null : (
          <p className="state-note" role="status">
            Loading the paired users…
          </p>
        )
      ) : (
        accounts.map((accountId) => {
          const mine = users.filter((user) => user.account_id === accountId);
          const bot = describeBot(accountId, bots);
          return (
            <div key={accountId} className="paired-bot">
              <h3 className="subsection-title">Bot {bot}</h3>
              {mine.length === 0 ? (
                <p className="empty-note">Nobody is paired with this bot yet. Approving a pairing request adds the sender here.</p>
              ) : (
                <div className="table-scroll">
                  <table className="data-table paired-table" aria-label={`Paired with bot ${accountId}`}>
                    <thead>
                      <tr>
                        <th scope="col">Name</th>
                        <th scope="col">Telegram id</th>
                        <th scope="col">Approved</th>
                        <th scope="col">
                          <span className="visually-hidden">Actions</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {mine.map((user) => (
                        <tr key={user.user_id}>
                          <td>{user.name || user.username ? describeSender(user) : <span className="muted">no name recorded</span>}</td>
                          <td className="mono">{user.user_id}</td>
                          <td>
                            {user.approved_at === undefined ? (
                              <span className="muted" title="Approved before approval times were recorded, or by another tool">
                                —
                              </span>
                            ) : (
                              <time dateTime={new Date(user.approved_at).toISOString()} title={formatTimestamp(user.approved_at)}>
                                {formatRelativeTime(user.approved_at, now)}
                              </time>
                            )}
                          </td>
                          <td className="pairing-actions">
                            <button
                              type="button"
                              className="button button-danger button-small"
                              aria-label={`Revoke ${describeSender(user)} from bot ${accountId}`}
                              onClick={() => setConfirming(user)}
                            >
                              Revoke…
                            </button>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          );
        })
      )}
      {confirming ? (
        <RevokeDialog user={confirming} bot={describeBot(confirming.account_id, bots)} onConfirm={() => onRevoke(confirming)} onClose={() => setConfirming(null)} />
      ) : null}
    </section>
  );
}
