// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { REDACTED_VALUE } from '../../../src-shared/config/redact.js';
import type { GatewayClient } from '../../../src-shared/client/gateway-client.js';
import { ConfigView } from '../../../src-renderer/features/config/config-view.js';
import { connectLive, createTestClient, renderWithClient } from './support/harness.js';
import { startFakeGateway, type FakeGateway } from './support/fake-gateway.js';

const EFFECTIVE = {
  gateway: { host: '127.0.0.1', port: 18789, token: REDACTED_VALUE, trusted_proxies: [] },
  telegram: { enabled: true, bot_token: REDACTED_VALUE, allow_from: ['42', 7] },
  models: { providers: { anthropic: { base_url: 'https://api.anthropic.com', api_key: REDACTED_VALUE } } },
};

let gateway: FakeGateway;
let client: GatewayClient;

afterEach(async () => {
  await client?.close();
  await gateway?.close();
});

async function setup(options: Parameters<typeof startFakeGateway>[0] = {}): Promise<void> {
  gateway = await startFakeGateway({ config: EFFECTIVE, ...options });
  client = createTestClient(gateway);
  await connectLive(client);
  renderWithClient(<ConfigView />, client);
}

function summaryValue(term: string): HTMLElement {
  const panel = screen.getByRole('region', { name: 'Config file' });
  return within(panel).getByText(term, { selector: 'dt' }).nextElementSibling as HTMLElement;
}

describe('config view', () => {
  it('shows a loading state until the snapshot arrives', async () => {
    gateway = await startFakeGateway({ config: EFFECTIVE });
    client = createTestClient(gateway);
    const held = gateway.hold('GET /api/config/snapshot');
    renderWithClient(<ConfigView />, client);
    expect(await screen.findByText('Loading the config snapshot…')).toBeInTheDocument();
    held.release();
    expect(await screen.findByRole('region', { name: 'Config file' })).toBeInTheDocument();
  });

  it('shows the error and retries on request', async () => {
    gateway = await startFakeGateway({ config: EFFECTIVE });
    gateway.fail('GET /api/config/snapshot', { status: 401, type: 'unauthorized', message: 'Authentication required.' });
    client = createTestClient(gateway);
    renderWithClient(<ConfigView />, client);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("Could not load the config: Sign-in needed: sign in with the gateway's token or password to continue.");
    expect(alert).not.toHaveTextContent('Authentication required');
    gateway.fail('GET /api/config/snapshot', undefined);
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('region', { name: 'Config file' })).toBeInTheDocument();
  });

  it('shows path, existence, validity, load time and hash of the snapshot', async () => {
    await setup({ snapshot: { path: '/home/me/.openclaw/openclaw.yaml', hash: 'f'.repeat(64), loaded_at: new Date(2025, 5, 7, 8, 9, 10).getTime() } });
    await screen.findByRole('region', { name: 'Config file' });
    expect(summaryValue('Path')).toHaveTextContent('/home/me/.openclaw/openclaw.yaml');
    expect(summaryValue('Exists')).toHaveTextContent('yes');
    expect(summaryValue('Valid')).toHaveTextContent('valid');
    expect(summaryValue('Loaded at')).toHaveTextContent('2025-06-07 08:09:10');
    expect(summaryValue('Hash')).toHaveTextContent(`${'f'.repeat(16)}…`);
    expect(screen.queryByRole('region', { name: 'Issues' })).not.toBeInTheDocument();
  });

  it('says defaults apply when the file does not exist', async () => {
    await setup({ snapshot: { exists: false, raw: null, parsed: null, hash: null } });
    await screen.findByRole('region', { name: 'Config file' });
    expect(summaryValue('Exists')).toHaveTextContent('no (defaults apply)');
  });

  it('lists issues and warnings with their key paths', async () => {
    await setup({
      snapshot: {
        valid: false,
        config: null,
        issues: [
          { path: 'gateway.port', message: 'must be between 1 and 65535' },
          { path: '', message: 'YAML syntax error at line 3, column 5' },
        ],
        warnings: [{ path: 'telegram.colour', message: 'unknown key (ignored)' }],
      },
    });
    const issues = await screen.findByRole('region', { name: 'Issues' });
    const items = within(issues).getAllByRole('listitem').map((item) => item.textContent);
    expect(items).toEqual(['gateway.portmust be between 1 and 65535', 'whole fileYAML syntax error at line 3, column 5']);
    expect(within(screen.getByRole('region', { name: 'Warnings' })).getByText('telegram.colour')).toBeInTheDocument();
    expect(summaryValue('Valid')).toHaveTextContent('invalid, 2 issues');
  });

  it('shows the config in effect as a tree with secrets as redacted badges', async () => {
    await setup();
    const tree = await screen.findByRole('list', { name: 'Config in effect' });
    expect(within(tree).getByText('"https://api.anthropic.com"')).toBeInTheDocument();
    expect(within(tree).getAllByText('redacted')).toHaveLength(3);
    expect(document.body.textContent).not.toContain(REDACTED_VALUE);
  });

  it('keeps secrets off the page even if a gateway sent one unredacted', async () => {
    await setup({ config: { gateway: { token: 'leaked-token-value' }, telegram: { bot_token: '123:ABC-leak' } } });
    await screen.findByRole('list', { name: 'Config in effect' });
    expect(document.body.textContent).not.toContain('leaked-token-value');
    expect(document.body.textContent).not.toContain('123:ABC-leak');
  });

  it('shows the file text the gateway sent, secrets redacted', async () => {
    await setup({ snapshot: { raw: `gateway:\n  token: ${REDACTED_VALUE}\n`, raw_redacted: true } });
    const text = await screen.findByLabelText('Config file text');
    expect(text.textContent).toBe(`gateway:\n  token: ${REDACTED_VALUE}\n`);
    expect(within(screen.getByRole('region', { name: /File text/ })).getByText('secrets redacted')).toBeInTheDocument();
  });

  it('says why the gateway withheld the file text', async () => {
    const reason = 'The secret at gateway.token is not written as one verbatim piece of text';
    await setup({ snapshot: { raw: null, raw_redacted: true, raw_withheld_reason: reason } });
    const region = await screen.findByRole('region', { name: /File text/ });
    expect(within(region).getByRole('note')).toHaveTextContent(`Not shown: ${reason}`);
    expect(screen.queryByLabelText('Config file text')).not.toBeInTheDocument();
  });

  it('shows issues at once on config.invalid and clears them on config.reloaded', async () => {
    await setup();
    await screen.findByRole('region', { name: 'Config file' });
    const good = gateway.snapshot;
    gateway.snapshot = { ...good, valid: false, config: null, issues: [{ path: 'gateway.port', message: 'must be a whole number' }] };
    act(() => gateway.emit('config.invalid', { path: good.path, issues: [{ path: 'gateway.port', message: 'must be a whole number' }] }));
    const issues = await screen.findByRole('region', { name: 'Issues' });
    expect(within(issues).getByText('gateway.port')).toBeInTheDocument();
    expect(screen.getByText(/keeps running with the last good config/)).toBeInTheDocument();

    gateway.snapshot = { ...good, hash: 'b'.repeat(64) };
    act(() => gateway.emit('config.reloaded', { path: good.path, hash: 'b'.repeat(64), changed: ['gateway'], restarted: false }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Issues' })).not.toBeInTheDocument());
    expect(screen.getByText('Config reloaded (changed: gateway).')).toBeInTheDocument();
    expect(summaryValue('Hash')).toHaveTextContent(`${'b'.repeat(16)}…`);
  });
});
