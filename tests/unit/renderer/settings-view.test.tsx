// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../../src-shared/client/gateway-client.js';
import { REDACTED_VALUE } from '../../../src-shared/config/redact.js';
import { OpenClawConfigSchema } from '../../../src-shared/config/schema.js';
import type { ConfigApplied } from '../../../src-shared/protocol/settings.js';
import { SettingsView } from '../../../src-renderer/features/settings/settings-view.js';
import { connectLive, createTestClient, renderWithClient } from './support/harness.js';
import { startFakeGateway, type FakeAnswer, type FakeGateway } from './support/fake-gateway.js';

const HASH = 'a'.repeat(64);
const NEW_HASH = 'b'.repeat(64);
const APPLIED: ConfigApplied = { changed: ['gateway'], listener: { restarted: false, url: 'http://127.0.0.1:18789' }, telegram_restarted: [], summary: 'Applied live.' };

const PARSED = {
  gateway: { host: '127.0.0.1', token: REDACTED_VALUE },
  telegram: { enabled: true, bot_token: '${TELEGRAM_BOT_TOKEN}' },
  models: { default: 'fake/m1', providers: { fake: { base_url: 'http://127.0.0.1:9/v1', api_key: REDACTED_VALUE, models: [{ id: 'm1' }] } } },
};
const RAW = '# my settings\ngateway:\n  host: 127.0.0.1\n  token: __OPENCLAW_REDACTED__\n';

let gateway: FakeGateway;
let client: GatewayClient;
let updates: Array<Record<string, unknown>>;

afterEach(async () => {
  await client?.close();
  await gateway?.close();
});

// A write the fake accepts moves its snapshot on, as the gateway's file does.
function accept(): FakeAnswer {
  gateway.snapshot = { ...gateway.snapshot, hash: NEW_HASH };
  return { result: { hash: NEW_HASH, applied: APPLIED } };
}

async function setup(answer: (params: Record<string, unknown>) => FakeAnswer = accept, parsed: typeof PARSED = PARSED): Promise<void> {
  updates = [];
  gateway = await startFakeGateway({
    snapshot: { raw: RAW, parsed, config: OpenClawConfigSchema.parse(parsed), hash: HASH, env_refs: ['telegram.bot_token'], raw_redacted: true },
    methods: {
      'config.update': (params) => {
        updates.push(params);
        return answer(params);
      },
      'models.test': () => ({ result: { ok: true, models: ['m1', 'm2'] } }),
    },
  });
  client = createTestClient(gateway);
  await connectLive(client);
  renderWithClient(<SettingsView onOpenSetup={() => undefined} />, client);
  await screen.findByRole('tablist', { name: 'Settings sections' });
}

async function openTab(name: string): Promise<HTMLElement> {
  await userEvent.click(screen.getByRole('tab', { name }));
  return screen.getByRole('tabpanel');
}

describe('settings forms', () => {
  it('labels fields and explains them from the schema', async () => {
    await setup();
    const panel = await openTab('Access');
    expect(within(panel).getByLabelText(/^Allowed origins/)).toBeInTheDocument();
    expect(within(panel).getByText('Extra browser origins allowed besides the gateway own')).toBeInTheDocument();
    expect(within(panel).getByText('Bind address; non-loopback needs token or password')).toBeInTheDocument();
  });

  it('shows a secret as set or not set, never its value', async () => {
    await setup();
    const panel = await openTab('Access');
    const token = within(panel).getByText('gateway.token').closest('.field') as HTMLElement;
    const password = within(panel).getByText('gateway.password').closest('.field') as HTMLElement;
    expect(within(token).getByText('set')).toBeInTheDocument();
    expect(within(token).getByRole('button', { name: 'Replace' })).toBeInTheDocument();
    expect(within(password).getByText('not set')).toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain(REDACTED_VALUE);
  });

  it('writes only the replaced secret and shows what the gateway did', async () => {
    await setup();
    const panel = await openTab('Access');
    const token = within(panel).getByText('gateway.token').closest('.field') as HTMLElement;
    await userEvent.click(within(token).getByRole('button', { name: 'Replace' }));
    await userEvent.type(within(token).getByLabelText(/^Token/), 'new-secret-token');
    await userEvent.click(within(panel).getByRole('button', { name: 'Save' }));
    expect(await within(panel).findByText('Saved. Applied live.')).toBeInTheDocument();
    expect(updates).toEqual([{ base_hash: HASH, set: { 'gateway.token': 'new-secret-token' } }]);
  });

  it('generates a strong token to copy and save', async () => {
    await setup();
    const panel = await openTab('Access');
    await userEvent.click(within(panel).getByRole('button', { name: 'Generate' }));
    const generated = within(panel).getByLabelText('Generated value').textContent ?? '';
    expect(generated).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await userEvent.click(within(panel).getByRole('button', { name: 'Save' }));
    await within(panel).findByText('Saved. Applied live.');
    expect(updates[0]).toEqual({ base_hash: HASH, set: { 'gateway.token': generated } });
  });

  it('offers no field for a secret held in a ${VAR}, and says to set the variable', async () => {
    await setup();
    const panel = await openTab('Telegram');
    const field = within(panel).getByText('telegram.bot_token').closest('.field') as HTMLElement;
    expect(within(field).getByText('set from an environment variable')).toBeInTheDocument();
    expect(within(field).getByText(/set the variable the file names/)).toBeInTheDocument();
    expect(within(field).queryByRole('button', { name: 'Replace' })).toBeNull();
  });

  it('shows a schema problem under its field and sends nothing', async () => {
    await setup();
    const panel = await openTab('Access');
    const port = within(panel).getByLabelText(/^Port/);
    await userEvent.clear(port);
    await userEvent.type(port, '70000');
    await userEvent.click(within(panel).getByRole('button', { name: 'Save' }));
    const field = within(panel).getByText('gateway.port').closest('.field') as HTMLElement;
    expect(await within(field).findByText('must be between 1 and 65535')).toBeInTheDocument();
    expect(within(panel).getByText('Nothing was saved: fix the fields marked below.')).toBeInTheDocument();
    expect(port).toHaveAttribute('aria-invalid', 'true');
    expect(updates).toEqual([]);
  });

  it('shows the issues of a write the gateway refused under their fields', async () => {
    await setup(() => ({
      error: { code: 'invalid_params', message: 'The config would be invalid; nothing was written.', details: { issues: [{ path: 'gateway.host', message: 'is not an address' }] } },
    }));
    const panel = await openTab('Access');
    const host = within(panel).getByLabelText(/^Host/);
    await userEvent.clear(host);
    await userEvent.type(host, 'not an address');
    await userEvent.click(within(panel).getByRole('button', { name: 'Save' }));
    const field = within(panel).getByText('gateway.host').closest('.field') as HTMLElement;
    expect(await within(field).findByText('is not an address')).toBeInTheDocument();
    expect(within(panel).getByText('The config would be invalid; nothing was written.')).toBeInTheDocument();
  });

  it('says the file changed on disk, and Reload shows the current file', async () => {
    await setup(() => ({ error: { code: 'conflict', message: 'changed since it was read' } }));
    const panel = await openTab('Logging & sessions');
    await userEvent.selectOptions(within(panel).getByLabelText(/^Level/), 'debug');
    gateway.snapshot = { ...gateway.snapshot, hash: NEW_HASH, parsed: { logging: { level: 'warn' } }, config: OpenClawConfigSchema.parse({ logging: { level: 'warn' } }) };
    await userEvent.click(within(panel).getByRole('button', { name: 'Save' }));
    const alerts = await screen.findAllByText(/changed on disk since this page loaded it/);
    expect(alerts.length).toBeGreaterThan(0);
    await userEvent.click(within(screen.getByRole('tabpanel')).getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(within(screen.getByRole('tabpanel')).getByLabelText(/^Level/)).toHaveValue('warn'));
    expect(screen.queryByText(/changed on disk since this page loaded it/)).toBeNull();
  });

  it('keeps what is being edited when someone else changes the file, and offers a reload', async () => {
    await setup();
    const panel = await openTab('Logging & sessions');
    await userEvent.selectOptions(within(panel).getByLabelText(/^Level/), 'debug');
    gateway.snapshot = { ...gateway.snapshot, hash: NEW_HASH, parsed: { logging: { level: 'warn' } }, config: OpenClawConfigSchema.parse({ logging: { level: 'warn' } }) };
    gateway.emit('config.reloaded', { path: gateway.snapshot.path, hash: NEW_HASH, changed: ['logging'], restarted: false });
    const banner = (await screen.findByText(/changed on disk since this page loaded it/)).closest('.banner') as HTMLElement;
    expect(within(screen.getByRole('tabpanel')).getByLabelText(/^Level/)).toHaveValue('debug');
    await userEvent.click(within(banner).getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(within(screen.getByRole('tabpanel')).getByLabelText(/^Level/)).toHaveValue('warn'));
  });

  it('writes the next change against the hash of its own last write', async () => {
    await setup();
    const panel = await openTab('Logging & sessions');
    await userEvent.selectOptions(within(panel).getByLabelText(/^Level/), 'debug');
    await userEvent.click(within(panel).getByRole('button', { name: 'Save' }));
    await within(panel).findByText('Saved. Applied live.');
    await userEvent.selectOptions(within(screen.getByRole('tabpanel')).getByLabelText(/^Level/), 'warn');
    await userEvent.click(within(screen.getByRole('tabpanel')).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(updates).toHaveLength(2));
    expect(updates.map((update) => update.base_hash)).toEqual([HASH, NEW_HASH]);
  });
});

describe('model providers', () => {
  it('lists providers and sets the default model', async () => {
    await setup();
    const provider = screen.getByRole('listitem', { name: 'Provider fake' });
    expect(provider).toHaveTextContent('http://127.0.0.1:9/v1');
    expect(provider).toHaveTextContent('key set');
    expect(screen.getByLabelText(/^Default model/)).toHaveValue('fake/m1');
  });

  it('tests a saved provider by its id and adds an offered model', async () => {
    await setup();
    await userEvent.click(screen.getByRole('button', { name: 'Edit fake' }));
    await userEvent.click(screen.getByRole('button', { name: 'Test' }));
    expect(await screen.findByText(/offers 2 models/)).toBeInTheDocument();
    expect(gateway.frames.find((frame) => frame.method === 'models.test')?.params).toEqual({ provider: 'fake' });
    await userEvent.selectOptions(screen.getByLabelText('Add a model the provider offers'), 'm2');
    await userEvent.click(screen.getByRole('button', { name: 'Save fake' }));
    await waitFor(() => expect(updates).toHaveLength(1));
    expect(updates[0]).toEqual({ base_hash: HASH, set: { 'models.providers.fake.models': [{ id: 'm1' }, { id: 'm2' }] } });
  });

  it('tests an edited URL of a saved provider with its saved key (the id, not a key, goes over the wire)', async () => {
    await setup();
    await userEvent.click(screen.getByRole('button', { name: 'Edit fake' }));
    const url = screen.getByLabelText('Base URL');
    await userEvent.clear(url);
    await userEvent.type(url, 'http://127.0.0.1:8/edited/v1');
    await userEvent.click(screen.getByRole('button', { name: 'Test' }));
    const tests = () => gateway.frames.filter((frame) => frame.method === 'models.test').map((frame) => frame.params);
    await waitFor(() => expect(tests()).toHaveLength(1));
    expect(tests()).toEqual([{ provider: 'fake', base_url: 'http://127.0.0.1:8/edited/v1', api: 'openai-completions' }]);
  });

  it('offers no Edit or Remove for a provider id with a dot (a dotted key path cannot name it) and says where to edit it', async () => {
    const provider = PARSED.models.providers.fake;
    await setup(accept, { ...PARSED, models: { default: 'lm.studio/m1', providers: { 'lm.studio': provider } } } as unknown as typeof PARSED);
    const card = await screen.findByRole('listitem', { name: 'Provider lm.studio' });
    expect(within(card).queryByRole('button', { name: /Edit|Remove/ })).toBeNull();
    expect(card).toHaveTextContent('edit this provider in the Raw YAML tab');
  });

  it('removes a provider and the default that named it', async () => {
    await setup();
    await userEvent.click(screen.getByRole('button', { name: 'Remove fake' }));
    await waitFor(() => expect(updates).toHaveLength(1));
    expect(updates[0]).toEqual({ base_hash: HASH, unset: ['models.providers.fake', 'models.default'] });
  });
});

describe('raw YAML tab', () => {
  it('shows the file with secrets redacted and checks it as you type', async () => {
    await setup();
    const panel = await openTab('Raw YAML');
    const text = within(panel).getByLabelText('Config file text');
    expect(text).toHaveValue(RAW);
    expect(within(panel).getByText('Valid.')).toBeInTheDocument();
    await userEvent.clear(text);
    await userEvent.type(text, 'gateway:{enter}  port: 0');
    const problems = within(panel).getByRole('list', { name: 'Problems in the text' });
    expect(problems).toHaveTextContent('gateway.port');
    expect(problems).toHaveTextContent('line 2, column 3');
    expect(within(panel).getByRole('button', { name: 'Save file' })).toBeDisabled();
  });

  it('refuses broken YAML with its line, and saves the text once it is valid', async () => {
    await setup();
    const panel = await openTab('Raw YAML');
    const text = within(panel).getByLabelText('Config file text');
    await userEvent.type(text, 'bad: [[');
    expect(within(panel).getByRole('list', { name: 'Problems in the text' })).toHaveTextContent(/line \d+/);
    expect(within(panel).getByRole('button', { name: 'Save file' })).toBeDisabled();
    await userEvent.clear(text);
    await userEvent.type(text, '# my settings{enter}logging:{enter}  level: debug{enter}');
    await userEvent.click(within(panel).getByRole('button', { name: 'Save file' }));
    await within(panel).findByText('Saved. Applied live.');
    expect(updates).toEqual([{ base_hash: HASH, raw: '# my settings\nlogging:\n  level: debug\n' }]);
  });

  it('lists the issues the gateway found with their lines', async () => {
    await setup(() => ({
      error: { code: 'invalid_params', message: 'Invalid config.', details: { issues: [{ path: 'logging.level', message: 'unknown level', line: 2, column: 10 }] } },
    }));
    const panel = await openTab('Raw YAML');
    const text = within(panel).getByLabelText('Config file text');
    await userEvent.clear(text);
    await userEvent.type(text, 'logging:{enter}  level: info{enter}');
    await userEvent.click(within(panel).getByRole('button', { name: 'Save file' }));
    const found = await within(panel).findByRole('list', { name: 'Problems the gateway found' });
    expect(found).toHaveTextContent('logging.level');
    expect(found).toHaveTextContent('line 2, column 10');
    expect(found).toHaveTextContent('unknown level');
  });
});
