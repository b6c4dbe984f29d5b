// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../../src-shared/client/gateway-client.js';
import type { PairingRequest } from '../../../src-shared/telegram/pairing.js';
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
