// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../../src-shared/client/gateway-client.js';
import type { PairingRequest } from '../../../src-shared/telegram/pairing.js';
import type { TelegramStatus } from '../../../src-shared/telegram/status.js';
import { ChannelsView } from '../../../src-renderer/features/channels/channels-view.js';
import { connectLive, createTestClient, renderWithClient } from '../renderer/support/harness.js';
import { startFakeGateway, type FakeGateway, type FakeMethodHandler } from '../renderer/support/fake-gateway.js';

let gateway: FakeGateway | undefined;
let client: GatewayClient | undefined;
afterEach(async () => {
  client?.close();
  await gateway?.close();
  client = undefined;
  gateway = undefined;
});

const running: TelegramStatus = {
  enabled: true,
  bots: [
    { account_id: 'default', state: 'running', mode: 'polling', username: 'claw_bot', updated_at: 1 },
    { account_id: 'work', state: 'failed', mode: 'polling', reason: 'invalid bot token', updated_at: 1 },
  ],
};
const request = (code: string, extra: Partial<PairingRequest> = {}): PairingRequest => ({
  code,
  channel: 'telegram',
  account_id: 'default',
  user_id: '42',
  username: 'ada',
  name: 'Ada Lovelace',
  created_at: Date.now(),
  expires_at: Date.now() + 3_600_000,
  ...extra,
});

async function show(status: TelegramStatus, pairings: PairingRequest[], methods: Record<string, FakeMethodHandler> = {}): Promise<FakeGateway> {
  gateway = await startFakeGateway({
    methods: {
      'telegram.status': () => ({ result: status }),
      'pairing.list': () => ({ result: { requests: pairings } }),
      ...methods,
    },
  });
  client = createTestClient(gateway);
  await connectLive(client);
  renderWithClient(<ChannelsView />, client);
  return gateway;
}

describe('ChannelsView', () => {
  it('shows each bot with its state and the reason of a failure', async () => {
    await show(running, []);
    const table = await screen.findByRole('table', { name: 'Telegram bots' });
    const rows = within(table).getAllByRole('row').slice(1).map((row) => row.textContent);
    expect(rows).toEqual(['default@claw_botpollingrunning', 'work—pollingfailedinvalid bot token']);
    expect(screen.getByText('No one is waiting to be paired.')).toBeInTheDocument();
  });

  it('says how to turn Telegram on when it is off', async () => {
    await show({ enabled: false, bots: [] }, []);
    expect(await screen.findByText(/Telegram is off\. Set telegram\.enabled: true and telegram\.bot_token/)).toBeInTheDocument();
  });

  it('follows telegram.status events', async () => {
    const fake = await show(running, []);
    await screen.findByRole('table', { name: 'Telegram bots' });
    act(() => fake.emit('telegram.status', { enabled: true, bots: [{ account_id: 'default', state: 'retrying', mode: 'polling', reason: 'cannot reach the Bot API (fetch failed)', retry_at: Date.now() + 20_000, updated_at: 2 }] }));
    expect(await screen.findByText('cannot reach the Bot API (fetch failed)')).toBeInTheDocument();
    expect(screen.getByText('retrying')).toBeInTheDocument();
  });

  it('approves a pending pairing and removes it from the list', async () => {
    const approvals: unknown[] = [];
    await show(running, [request('ABCD2345')], {
      'pairing.approve': (params) => {
        approvals.push(params);
        return { result: { request: request('ABCD2345'), notified: true } };
      },
    });
    const list = await screen.findByRole('list', { name: 'Pending pairing requests' });
    expect(list.textContent).toContain('ABCD2345 Ada Lovelace @ada');
    await userEvent.click(screen.getByRole('button', { name: 'Approve ABCD2345' }));
    await waitFor(() => expect(screen.getByText('No one is waiting to be paired.')).toBeInTheDocument());
    expect(approvals).toEqual([{ code: 'ABCD2345' }]);
  });

  it('shows why a deny was refused and keeps the request', async () => {
    await show(running, [request('WXYZ2345')], {
      'pairing.deny': () => ({ error: { code: 'not_found', message: 'Pairing code WXYZ2345 expired; ask the sender to message the bot again for a new code' } }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Deny WXYZ2345' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Pairing code WXYZ2345 expired');
    expect(screen.getByRole('list', { name: 'Pending pairing requests' })).toBeInTheDocument();
  });

  it('adds requests announced by pairing.requested and drops resolved ones', async () => {
    const fake = await show(running, []);
    await screen.findByText('No one is waiting to be paired.');
    act(() => fake.emit('pairing.requested', { request: request('QRST2345', { name: 'Bob', username: undefined, user_id: '7' }) }));
    expect(await screen.findByText(/QRST2345/)).toBeInTheDocument();
    act(() => fake.emit('pairing.resolved', { request: request('QRST2345'), decision: 'denied' }));
    await waitFor(() => expect(screen.getByText('No one is waiting to be paired.')).toBeInTheDocument());
  });
});
