// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../../src-shared/client/gateway-client.js';
import type { ApprovedSender, PairingRequest } from '../../../src-shared/telegram/pairing.js';
import type { TelegramStatus } from '../../../src-shared/telegram/status.js';
import { ChannelsView } from '../../../src-renderer/features/channels/channels-view.js';
import { connectLive, createTestClient, renderWithClient } from './support/harness.js';
import { startFakeGateway, type FakeGateway, type FakeMethodHandler } from './support/fake-gateway.js';

const NOW = Date.now();
const RUNNING: TelegramStatus = {
  enabled: true,
  bots: [{ account_id: 'default', state: 'running', mode: 'polling', username: 'claw_bot', updated_at: NOW }],
};
const ADA: PairingRequest = {
  code: 'ABCD2345',
  channel: 'telegram',
  account_id: 'default',
  user_id: '42',
  username: 'ada',
  name: 'Ada',
  created_at: NOW - 60_000,
  expires_at: NOW + 3_540_000,
};

const GRACE: ApprovedSender = { account_id: 'default', user_id: '7', name: 'Grace', username: 'grace', approved_at: NOW - 2 * 86_400_000 };
const LINUS: ApprovedSender = { account_id: 'default', user_id: '8' };

let gateway: FakeGateway;
let client: GatewayClient;

afterEach(async () => {
  await client?.close();
  await gateway?.close();
});

async function setup(methods: Record<string, FakeMethodHandler> = {}): Promise<{ decisions: string[] }> {
  const decisions: string[] = [];
  gateway = await startFakeGateway({
    methods: {
      'telegram.status': () => ({ result: RUNNING }),
      'pairing.list': () => ({ result: { requests: [] } }),
      'pairing.approve': (params) => {
        decisions.push(`approve ${String(params.code)}`);
        return { result: { request: ADA, notified: true } };
      },
      'pairing.deny': (params) => {
        decisions.push(`deny ${String(params.code)}`);
        return { result: { request: ADA, notified: false } };
      },
      'pairing.approved': () => ({ result: { users: [] } }),
      ...methods,
    },
  });
  client = createTestClient(gateway);
  await connectLive(client);
  renderWithClient(<ChannelsView />, client);
  return { decisions };
}

describe('ChannelsView', () => {
  it('says it is loading until the gateway answers', async () => {
    let answer: (() => void) | undefined;
    await setup({
      'telegram.status': () =>
        new Promise((resolve) => {
          answer = () => resolve({ result: RUNNING });
        }),
    });
    expect(await screen.findByRole('status')).toHaveTextContent('Loading the channel status…');
    await waitFor(() => expect(answer).toBeDefined());
    answer?.();
    expect(await screen.findByRole('table', { name: 'Telegram bots' })).toBeInTheDocument();
  });

  it('shows a load error with a Try again that loads again', async () => {
    let fail = true;
    await setup({
      'telegram.status': () => (fail ? { error: { code: 'internal_error', message: 'The channel service is not ready' } } : { result: RUNNING }),
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the channel status: The channel service is not ready');
    fail = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table', { name: 'Telegram bots' })).toBeInTheDocument();
  });

  it('explains how to turn Telegram on when it is off, and that no one waits to be paired', async () => {
    await setup({ 'telegram.status': () => ({ result: { enabled: false, bots: [] } }) });
    expect(
      await screen.findByText('Telegram is off. Set telegram.enabled: true and telegram.bot_token (from @BotFather) in the config file.'),
    ).toBeInTheDocument();
    expect(screen.getByText(/^No one is waiting to be paired\. When someone new messages a bot/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows the privacy-mode hint of a running bot in its row', async () => {
    const hint = 'privacy mode is on: in groups the bot only sees commands and mentions; turn it off with @BotFather /setprivacy, or mention the bot';
    await setup({
      'telegram.status': () => ({
        result: { enabled: true, bots: [{ account_id: 'default', state: 'running', mode: 'polling', username: 'claw_bot', privacy_mode: true, hint, updated_at: NOW }] },
      }),
    });
    const bots = await screen.findByRole('table', { name: 'Telegram bots' });
    expect(within(bots).getAllByRole('row')[1]).toHaveTextContent(hint);
  });

  it('follows telegram.status events live: a bot that fails shows its reason', async () => {
    await setup();
    const bots = await screen.findByRole('table', { name: 'Telegram bots' });
    expect(within(bots).getAllByRole('row')[1]).toHaveTextContent('@claw_bot');
    gateway.emit('telegram.status', {
      enabled: true,
      bots: [{ account_id: 'default', state: 'failed', mode: 'polling', reason: 'invalid bot token', updated_at: NOW }],
    });
    await waitFor(() => expect(within(bots).getAllByRole('row')[1]).toHaveTextContent('failed'));
    expect(within(bots).getAllByRole('row')[1]).toHaveTextContent('invalid bot token');
  });

  it('lists a pairing request that arrives live and approves it', async () => {
    const { decisions } = await setup();
    await screen.findByRole('table', { name: 'Telegram bots' });
    gateway.emit('pairing.requested', { request: ADA });
    const requests = await screen.findByRole('table', { name: 'Pending pairing requests' });
    const row = within(requests).getAllByRole('row')[1];
    expect(row).toHaveTextContent('ABCD2345');
    expect(row).toHaveTextContent('Ada @ada (Telegram id 42)');
    await userEvent.click(screen.getByRole('button', { name: 'Approve ABCD2345' }));
    await waitFor(() => expect(screen.queryByRole('table', { name: 'Pending pairing requests' })).toBeNull());
    expect(decisions).toEqual(['approve ABCD2345']);
  });

  it('keeps a request whose decision the gateway refuses and shows why next to it', async () => {
    await setup({
      'pairing.list': () => ({ result: { requests: [ADA] } }),
      'pairing.deny': () => ({ error: { code: 'invalid_params', message: 'No pending pairing request with code ABCD2345; check the code the bot sent' } }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Deny ABCD2345' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('No pending pairing request with code ABCD2345; check the code the bot sent');
    expect(screen.getByRole('button', { name: 'Deny ABCD2345' })).toBeEnabled();
  });

  it('drops a request from the list when another client resolves it', async () => {
    await setup({ 'pairing.list': () => ({ result: { requests: [ADA] } }) });
    await screen.findByRole('button', { name: 'Approve ABCD2345' });
    gateway.emit('pairing.resolved', { request: ADA, decision: 'denied' });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Approve ABCD2345' })).toBeNull());
  });

  it('keeps an older request approvable when a newer one arrives (the gateway keeps evicted codes valid)', async () => {
    await setup({ 'pairing.list': () => ({ result: { requests: [ADA] } }) });
    await screen.findByRole('button', { name: 'Approve ABCD2345' });
    gateway.emit('pairing.requested', { request: { ...ADA, code: 'WXYZ6789', user_id: '7', username: undefined, name: 'Owner' } });
    expect(await screen.findByRole('button', { name: 'Approve WXYZ6789' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Approve ABCD2345' })).toBeEnabled();
  });

  it('hides a request whose code has expired instead of offering a button the gateway would refuse', async () => {
    await setup({ 'pairing.list': () => ({ result: { requests: [{ ...ADA, expires_at: NOW - 1000 }] } }) });
    expect(await screen.findByText(/^No one is waiting to be paired\./)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve ABCD2345' })).toBeNull();
  });
});

describe('ChannelsView: paired users', () => {
  function pairedTable(): HTMLElement {
    return screen.getByRole('table', { name: 'Paired with bot default' });
  }

  it('lists each bot’s paired users with name, id and when they were approved', async () => {
    await setup({ 'pairing.approved': () => ({ result: { users: [GRACE, LINUS] } }) });
    const table = await screen.findByRole('table', { name: 'Paired with bot default' });
    expect(screen.getByRole('heading', { name: 'Bot default (@claw_bot)' })).toBeInTheDocument();
    const [grace, linus] = within(table).getAllByRole('row').slice(1);
    expect(grace).toHaveTextContent('Grace @grace');
    expect(grace).toHaveTextContent('7');
    expect(grace).toHaveTextContent('2 d ago');
    expect(linus).toHaveTextContent('no name recorded');
    expect(linus).toHaveTextContent('—');
  });

  it('says when nobody is paired with a bot yet', async () => {
    await setup();
    expect(await screen.findByText(/^Nobody is paired with this bot yet\./)).toBeInTheDocument();
  });

  it('keeps the rest of the page when the paired list cannot be read', async () => {
    await setup({ 'pairing.approved': () => ({ error: { code: 'unavailable', message: 'The Telegram channel is not running in this gateway' } }) });
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not read the paired users: The Telegram channel is not running in this gateway');
    expect(screen.getByRole('table', { name: 'Telegram bots' })).toBeInTheDocument();
  });

  it('asks before revoking; Cancel keeps the user and revokes nothing', async () => {
    const revoked: unknown[] = [];
    await setup({
      'pairing.approved': () => ({ result: { users: [GRACE] } }),
      'pairing.revoke': (params) => {
        revoked.push(params);
        return { result: { user: GRACE } };
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Revoke Grace @grace from bot default' }));
    const dialog = screen.getByRole('dialog', { name: 'Revoke Grace @grace?' });
    expect(dialog).toHaveTextContent('next message gets a new pairing code');
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(within(pairedTable()).getAllByRole('row')).toHaveLength(2);
    expect(revoked).toEqual([]);
  });

  it('revokes after confirmation, drops the user and confirms with a toast', async () => {
    const revoked: unknown[] = [];
    await setup({
      'pairing.approved': () => ({ result: { users: [GRACE] } }),
      'pairing.revoke': (params) => {
        revoked.push(params);
        return { result: { user: GRACE } };
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Revoke Grace @grace from bot default' }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(revoked).toEqual([{ account_id: 'default', user_id: '7' }]);
    expect(await screen.findByText(/^Nobody is paired with this bot yet\./)).toBeInTheDocument();
    expect(screen.getByRole('status', { name: 'Notifications' })).toHaveTextContent(
      'Revoked Grace @grace from bot default (@claw_bot); their next message gets a new pairing code.',
    );
  });

  it('shows a refused revoke in the dialog and keeps the user', async () => {
    await setup({
      'pairing.approved': () => ({ result: { users: [GRACE] } }),
      'pairing.revoke': () => ({ error: { code: 'not_found', message: 'Telegram user 7 is not on the paired list of bot "default"' } }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Revoke Grace @grace from bot default' }));
    const dialog = screen.getByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Telegram user 7 is not on the paired list of bot "default"');
    expect(within(pairedTable()).getAllByRole('row')).toHaveLength(2);
  });

  it('follows revokes and approvals made elsewhere', async () => {
    let users = [GRACE];
    await setup({ 'pairing.approved': () => ({ result: { users } }) });
    await screen.findByRole('button', { name: 'Revoke Grace @grace from bot default' });
    act(() => gateway.emit('pairing.revoked', { user: GRACE }));
    expect(await screen.findByText(/^Nobody is paired with this bot yet\./)).toBeInTheDocument();

    users = [{ account_id: 'default', user_id: '42', name: 'Ada', username: 'ada', approved_at: NOW }];
    act(() => gateway.emit('pairing.resolved', { request: ADA, decision: 'approved' }));
    expect(await screen.findByRole('button', { name: 'Revoke Ada @ada from bot default' })).toBeInTheDocument();
  });

  it('confirms an approval with a toast saying whether the sender was told', async () => {
    await setup({ 'pairing.list': () => ({ result: { requests: [ADA] } }) });
    await userEvent.click(await screen.findByRole('button', { name: 'Approve ABCD2345' }));
    expect(await screen.findByText('Approved Ada @ada for bot default (@claw_bot); the bot told them.')).toBeInTheDocument();
  });

  it('confirms a denial with a toast, and the toast can be dismissed', async () => {
    await setup({ 'pairing.list': () => ({ result: { requests: [ADA] } }) });
    await userEvent.click(await screen.findByRole('button', { name: 'Deny ABCD2345' }));
    expect(await screen.findByText('Denied the pairing request from Ada @ada (ABCD2345).')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss notification' }));
    expect(screen.queryByText('Denied the pairing request from Ada @ada (ABCD2345).')).toBeNull();
  });
});
