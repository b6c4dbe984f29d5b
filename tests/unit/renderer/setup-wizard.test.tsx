// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../../src-shared/client/gateway-client.js';
import type { ConfigApplied } from '../../../src-shared/protocol/settings.js';
import { App } from '../../../src-renderer/app/app.js';
import { createEventLog } from '../../../src-renderer/features/events/event-log.js';
import { SetupWizard } from '../../../src-renderer/features/setup/setup-wizard.js';
import { connectLive, createTestClient, renderWithClient } from './support/harness.js';
import { startFakeGateway, type FakeAnswer, type FakeGateway, type FakeMethodHandler } from './support/fake-gateway.js';

const APPLIED: ConfigApplied = { changed: ['models'], listener: { restarted: false, url: 'http://127.0.0.1:18789' }, telegram_restarted: [], summary: 'Applied live.' };

let gateway: FakeGateway;
let client: GatewayClient;
let updates: Array<Record<string, unknown>>;
let calls: { sayHello: number; configured: number };

beforeEach(() => {
  window.history.replaceState(null, '', '/');
});

afterEach(async () => {
  await client?.close();
  await gateway?.close();
});

function accept(params: Record<string, unknown>): FakeAnswer {
  updates.push(params);
  const hash = String(updates.length).repeat(64);
  gateway.snapshot = { ...gateway.snapshot, hash };
  return { result: { hash, applied: APPLIED } };
}

async function startGateway(methods: Record<string, FakeMethodHandler> = {}): Promise<void> {
  updates = [];
  gateway = await startFakeGateway({
    // An empty state dir: no file yet.
    snapshot: { exists: false, raw: null, parsed: null, config: null, hash: null, valid: true },
    methods: {
      'config.update': accept,
      'models.test': (params) => ({ result: params.api_key === 'sk-good' ? { ok: true, models: ['gpt-4o-mini', 'gpt-4o'] } : { ok: false, error: 'The provider rejected the key (HTTP 401)', status: 401 } }),
      'telegram.verify': () => ({ result: { ok: true, username: 'claw_bot', can_read_all_group_messages: false } }),
      'models.list': () => ({ result: { models: [], default: null } }),
      ...methods,
    },
  });
  client = createTestClient(gateway);
}

async function renderWizard(): Promise<void> {
  await startGateway();
  await connectLive(client);
  calls = { sayHello: 0, configured: 0 };
  renderWithClient(
    <SetupWizard onConfigured={() => (calls.configured += 1)} onSayHello={() => (calls.sayHello += 1)} onOpenSettings={() => undefined} />,
    client,
  );
  await screen.findByRole('heading', { name: 'Step 1 of 4: Model provider' });
}

async function fillOpenAi(key: string): Promise<void> {
  await userEvent.click(screen.getByRole('radio', { name: /^OpenAI/ }));
  await userEvent.type(screen.getByLabelText('API key'), key);
}

describe('setup wizard: model provider', () => {
  it('fills in the base URL and API style of each preset', async () => {
    await renderWizard();
    await userEvent.click(screen.getByRole('radio', { name: /^Anthropic/ }));
    expect(screen.getByLabelText('Base URL')).toHaveValue('https://api.anthropic.com/v1');
    expect(screen.getByLabelText('API style')).toHaveValue('anthropic-messages');
    await userEvent.click(screen.getByRole('radio', { name: /^OpenRouter/ }));
    expect(screen.getByLabelText('Base URL')).toHaveValue('https://openrouter.ai/api/v1');
    await userEvent.click(screen.getByRole('radio', { name: /^Ollama/ }));
    expect(screen.getByLabelText('Base URL')).toHaveValue('http://127.0.0.1:11434/v1');
    expect(screen.queryByLabelText('API key')).toBeNull();
    await userEvent.click(screen.getByRole('radio', { name: /^Any OpenAI-compatible server/ }));
    expect(screen.getByLabelText('Base URL')).toHaveValue('');
    expect(screen.getByLabelText('API key')).toHaveAttribute('type', 'password');
  });

  it('tests the provider, offers its models and saves the choice as the default', async () => {
    await renderWizard();
    await fillOpenAi('sk-good');
    await userEvent.click(screen.getByRole('button', { name: 'Test' }));
    expect(await screen.findByText(/offers 2 models/)).toBeInTheDocument();
    expect(gateway.frames.find((frame) => frame.method === 'models.test')?.params).toEqual({
      base_url: 'https://api.openai.com/v1',
      api: 'openai-completions',
      api_key: 'sk-good',
    });
    await userEvent.selectOptions(screen.getByLabelText('Model'), 'gpt-4o-mini');
    await userEvent.click(screen.getByRole('button', { name: 'Save and continue' }));
    expect(await screen.findByRole('heading', { name: 'Step 2 of 4: Telegram' })).toBeInTheDocument();
    expect(screen.getByText('Saved. Applied live.')).toBeInTheDocument();
    expect(updates).toEqual([
      {
        base_hash: null,
        set: {
          'models.providers.openai.base_url': 'https://api.openai.com/v1',
          'models.providers.openai.api': 'openai-completions',
          'models.providers.openai.api_key': 'sk-good',
          'models.providers.openai.models': [{ id: 'gpt-4o-mini' }],
          'models.default': 'openai/gpt-4o-mini',
        },
      },
    ]);
    expect(calls.configured).toBe(1);
  });

  it('says why a test failed without echoing the key', async () => {
    await renderWizard();
    await fillOpenAi('sk-wrong-SECRET');
    await userEvent.click(screen.getByRole('button', { name: 'Test' }));
    expect(await screen.findByText('The provider rejected the key (HTTP 401)')).toBeInTheDocument();
    expect(document.body.textContent).not.toContain('sk-wrong-SECRET');
  });

  it('asks for a model before saving', async () => {
    await renderWizard();
    await fillOpenAi('sk-good');
    await userEvent.click(screen.getByRole('button', { name: 'Save and continue' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Pick the model to chat with');
    expect(updates).toEqual([]);
  });

  it('refuses a provider URL that is not a URL, under the field', async () => {
    await renderWizard();
    await userEvent.click(screen.getByRole('radio', { name: /^Any OpenAI-compatible server/ }));
    await userEvent.type(screen.getByLabelText('Base URL'), 'my server on port 8080');
    await userEvent.type(screen.getByLabelText('Model'), 'qwen');
    await userEvent.click(screen.getByRole('button', { name: 'Save and continue' }));
    const field = screen.getByLabelText('Base URL').closest('.field') as HTMLElement;
    expect(await within(field).findByRole('alert')).toHaveTextContent(/URL/);
    expect(updates).toEqual([]);
  });
});

describe('setup wizard: run again', () => {
  it('edits the provider of the default model, keeping its other models and its key', async () => {
    await startGateway();
    const parsed = { models: { default: 'fake/m2', providers: { fake: { base_url: 'http://127.0.0.1:9/v1', api_key: '__OPENCLAW_REDACTED__', models: [{ id: 'm1' }, { id: 'm2' }] } } } };
    gateway.snapshot = { ...gateway.snapshot, exists: true, hash: 'f'.repeat(64), parsed };
    await connectLive(client);
    renderWithClient(<SetupWizard onConfigured={() => undefined} onSayHello={() => undefined} onOpenSettings={() => undefined} />, client);
    expect(await screen.findByLabelText('Base URL')).toHaveValue('http://127.0.0.1:9/v1');
    expect(screen.queryByRole('radio', { name: /^OpenAI/ })).toBeNull();
    expect(screen.getByText('set')).toBeInTheDocument();
    expect(screen.getByLabelText('Model')).toHaveValue('m2');
    await userEvent.clear(screen.getByLabelText('Model'));
    await userEvent.type(screen.getByLabelText('Model'), 'm3');
    await userEvent.click(screen.getByRole('button', { name: 'Save and continue' }));
    expect(await screen.findByRole('heading', { name: 'Step 2 of 4: Telegram' })).toBeInTheDocument();
    expect(updates).toEqual([
      { base_hash: 'f'.repeat(64), set: { 'models.providers.fake.models': [{ id: 'm1' }, { id: 'm2' }, { id: 'm3' }], 'models.default': 'fake/m3' } },
    ]);
  });
});

describe('setup wizard: the other steps', () => {
  it('verifies a Telegram token, explains privacy mode and the DM policies, and saves the bot', async () => {
    await renderWizard();
    await userEvent.click(screen.getByRole('button', { name: /Telegram/ }));
    await userEvent.type(screen.getByLabelText('Bot token'), '123:ABC');
    await userEvent.click(screen.getByText('Advanced: Bot API server'));
    await userEvent.clear(screen.getByLabelText('Bot API server'));
    await userEvent.type(screen.getByLabelText('Bot API server'), 'http://127.0.0.1:8081');
    await userEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText(/@claw_bot is ready\. Privacy mode is on/)).toBeInTheDocument();
    expect(gateway.frames.find((frame) => frame.method === 'telegram.verify')?.params).toEqual({ bot_token: '123:ABC', api_root: 'http://127.0.0.1:8081' });
    expect(screen.getByRole('radio', { name: /pairing.*approve them in Channels/ })).toBeChecked();
    await userEvent.click(screen.getByRole('radio', { name: /^open/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save and continue' }));
    expect(await screen.findByRole('heading', { name: 'Step 3 of 4: Access' })).toBeInTheDocument();
    expect(updates).toEqual([
      {
        base_hash: null,
        set: { 'telegram.enabled': true, 'telegram.bot_token': '123:ABC', 'telegram.api_root': 'http://127.0.0.1:8081', 'telegram.dm_policy': 'open' },
      },
    ]);
  });

  it('skips steps and goes back to any of them', async () => {
    await renderWizard();
    await userEvent.click(screen.getByRole('button', { name: 'Skip' }));
    expect(await screen.findByRole('heading', { name: 'Step 2 of 4: Telegram' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Skip' }));
    expect(await screen.findByRole('heading', { name: 'Step 3 of 4: Access' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Model provider/ }));
    expect(await screen.findByRole('heading', { name: 'Step 1 of 4: Model provider' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Model provider/ })).toHaveAttribute('aria-current', 'step');
    expect(updates).toEqual([]);
  });

  it('shows the dashboard address, generates a token to copy and saves it', async () => {
    await renderWizard();
    await userEvent.click(screen.getByRole('button', { name: /Access/ }));
    expect(screen.getByText(`${gateway.url}/`)).toBeInTheDocument();
    expect(screen.getByText(/only this computer can open it/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Generate a token' }));
    const token = screen.getByLabelText('Generated token').textContent ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await userEvent.click(screen.getByRole('button', { name: 'Save token and continue' }));
    expect(await screen.findByRole('heading', { name: 'Step 4 of 4: Done' })).toBeInTheDocument();
    expect(updates).toEqual([{ base_hash: null, set: { 'gateway.token': token } }]);
  });

  it('says hello once a default model exists', async () => {
    await renderWizard();
    await userEvent.click(screen.getByRole('button', { name: /Done/ }));
    expect(screen.getByRole('button', { name: 'Say hello' })).toBeDisabled();
    gateway.snapshot = { ...gateway.snapshot, exists: true, hash: 'c'.repeat(64), parsed: { models: { default: 'openai/gpt-4o-mini' } } };
    gateway.emit('config.reloaded', { path: gateway.snapshot.path, hash: 'c'.repeat(64), changed: ['models'], restarted: false });
    // Someone else's write marks the page stale; Reload shows it.
    await userEvent.click(await screen.findByRole('button', { name: 'Reload' }));
    await userEvent.click(await screen.findByRole('button', { name: /Done/ }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Say hello' })).toBeEnabled());
    expect(screen.getByText('openai/gpt-4o-mini')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Say hello' }));
    expect(calls.sayHello).toBe(1);
  });
});

describe('first run in the dashboard', () => {
  async function renderApp(methods: Record<string, FakeMethodHandler> = {}): Promise<void> {
    await startGateway(methods);
    client.connect();
    render(<App client={client} log={createEventLog()} storage={window.sessionStorage} />);
  }

  it('shows "Set up your assistant" on every page while no model is configured', async () => {
    window.history.replaceState(null, '', '/sessions');
    await renderApp();
    const banner = await screen.findByRole('region', { name: 'Set up your assistant' });
    await userEvent.click(screen.getByRole('link', { name: 'Event log' }));
    expect(screen.getByRole('region', { name: 'Set up your assistant' })).toBeInTheDocument();
    await userEvent.click(within(banner).getByRole('button', { name: 'Start setup' }));
    expect(await screen.findByRole('heading', { name: 'Step 1 of 4: Model provider' })).toBeInTheDocument();
    expect(window.location.pathname).toBe('/setup');
    expect(screen.queryByRole('button', { name: 'Start setup' })).toBeNull();
  });

  it('shows the setup on the Chat page instead of an empty conversation list', async () => {
    window.history.replaceState(null, '', '/chat');
    await renderApp();
    expect(await screen.findByRole('heading', { name: 'Set up your assistant' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Conversations' })).toBeNull();
  });

  it('shows no banner once a model is configured, and a warning for a default naming a missing provider', async () => {
    window.history.replaceState(null, '', '/sessions');
    await startGateway({
      'models.list': () => ({
        result: {
          models: [{ ref: 'fake/m1', provider: 'fake', id: 'm1', name: 'm1', api: 'openai-completions', context_window: 1000, max_tokens: 100, cost: { input: 0, output: 0 }, default: false }],
          default: 'fake/m1',
        },
      }),
    });
    gateway.snapshot = { ...gateway.snapshot, warnings: [{ path: 'models.default', message: 'Default model openai/x: provider not configured' }] };
    client.connect();
    render(<App client={client} log={createEventLog()} storage={window.sessionStorage} />);
    expect(await screen.findByText('Default model openai/x: provider not configured')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Set up your assistant' })).toBeNull();
  });
});
