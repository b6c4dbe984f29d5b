import { expect, test, type Page } from '@playwright/test';
import { startHeadlessGateway, type HeadlessGateway } from './support/headless-gateway.js';
import { horizontalOverflow, prepareArtifacts, shot, watchErrors } from './support/page.js';

const SECRETS = {
  botToken: '123456789:AAE2E-telegram-bot-token-SECRET',
  apiKey: 'sk-e2e-provider-api-key-SECRET',
  gatewayToken: 'e2e-gateway-token-SECRET',
};

const CONFIG = `gateway:
  token: ${SECRETS.gatewayToken}
telegram:
  enabled: false
  bot_token: "${SECRETS.botToken}"
models:
  default: example/small
  providers:
    example:
      base_url: https://api.example.test/v1
      api_key: ${SECRETS.apiKey}
      models:
        - id: small
identity:
  name: E2E Claw
`;

const BROKEN_CONFIG = CONFIG.replace('identity:\n', 'session:\n  dm_scope: sideways\nidentity:\n');

const NOW = Date.now();
const SESSIONS = {
  'agent:main:telegram:dm:1001': {
    session_id: 'e2e-dm-1001',
    updated_at: NOW - 4 * 60_000,
    label: 'Alice',
    channel: 'telegram',
    chat_type: 'direct',
    model: 'small',
    model_provider: 'example',
    input_tokens: 2100,
    output_tokens: 345,
    origin: { provider: 'telegram', from: 'telegram:1001', chat_type: 'direct', label: 'Alice Example' },
  },
  'agent:main:telegram:group:-100200/topic:9': {
    session_id: 'e2e-group-9',
    updated_at: NOW - 2 * 3_600_000,
    channel: 'telegram',
    chat_type: 'group',
    model: 'small',
    total_tokens: 48_213,
  },
  'agent:main:main': {
    session_id: 'e2e-main',
    updated_at: NOW - 3 * 86_400_000,
    channel: 'webchat',
    chat_type: 'direct',
  },
};

let gateway: HeadlessGateway;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await prepareArtifacts();
  gateway = await startHeadlessGateway({ config: CONFIG, sessions: SESSIONS });
});

test.afterAll(async () => {
  await gateway?.stop();
});

async function expectNoSecrets(page: Page): Promise<void> {
  const html = await page.content();
  const storage = await page.evaluate(() => JSON.stringify({ session: { ...sessionStorage }, local: { ...localStorage }, url: location.href }));
  for (const secret of Object.values(SECRETS)) {
    expect(html, `page HTML contains ${secret}`).not.toContain(secret);
    expect(storage, `storage or URL contains ${secret}`).not.toContain(secret);
  }
}

function sessionRow(page: Page, key: string) {
  return page.getByRole('row').filter({ has: page.getByRole('button', { name: key, exact: true }) });
}

test('lists the seeded sessions with a live connection', async ({ page }) => {
  const errors = watchErrors(page);
  const response = await page.goto(`${gateway.url}/`);
  expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
  await expect(page.getByRole('group', { name: 'Gateway status' })).toContainText('Live');
  for (const key of Object.keys(SESSIONS)) await expect(sessionRow(page, key)).toBeVisible();
  await expect(sessionRow(page, 'agent:main:telegram:dm:1001')).toContainText('2,445');
  await expectNoSecrets(page);
  expect(errors).toEqual([]);
  await shot(page, 'sessions');
});

test('edits a label and persists it in sessions.json', async ({ page }) => {
  await page.goto(`${gateway.url}/sessions`);
  await page.getByRole('button', { name: 'agent:main:telegram:group:-100200/topic:9', exact: true }).click();
  await expect(page).toHaveURL(/\/sessions\?session=agent%3Amain%3Atelegram%3Agroup%3A-100200%2Ftopic%3A9$/);
  const label = page.getByRole('textbox', { name: 'Label' });
  await label.fill('Team room');
  await label.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Label saved.' })).toBeVisible();
  await expect.poll(async () => (await gateway.readStore())['agent:main:telegram:group:-100200/topic:9']?.label).toBe('Team room');
  await expect(sessionRow(page, 'agent:main:telegram:group:-100200/topic:9')).toContainText('Team room');
  await shot(page, 'session-detail');
});

test('shows a label the gateway refuses inline, changing nothing', async ({ page }) => {
  await page.goto(`${gateway.url}/sessions?session=${encodeURIComponent('agent:main:main')}`);
  const label = page.getByRole('textbox', { name: 'Label' });
  await label.fill('x'.repeat(70));
  await label.press('Enter');
  await expect(page.getByRole('alert')).toHaveText('Label not saved: label must be at most 64 characters (got 70).');
  expect((await gateway.readStore())['agent:main:main']?.label).toBeUndefined();
  await shot(page, 'session-label-error');
});

test('deletes a session after confirmation', async ({ page }) => {
  await page.goto(`${gateway.url}/sessions?session=${encodeURIComponent('agent:main:main')}`);
  await page.getByRole('button', { name: 'Delete session…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete session?' });
  await expect(dialog).toBeVisible();
  await shot(page, 'session-delete-dialog');
  await dialog.getByRole('button', { name: 'Delete session' }).click();
  await expect(dialog).toBeHidden();
  await expect(sessionRow(page, 'agent:main:main')).toHaveCount(0);
  await expect.poll(async () => Object.keys(await gateway.readStore())).not.toContain('agent:main:main');
});

test('shows a session written by another process without a reload', async ({ page }) => {
  await page.goto(`${gateway.url}/sessions`);
  await expect(sessionRow(page, 'agent:main:telegram:dm:1001')).toBeVisible();
  const store = await gateway.readStore();
  await gateway.writeStore({
    ...store,
    'agent:main:discord:dm:77': { session_id: 'e2e-external', updated_at: Date.now(), label: 'Written outside', channel: 'discord', chat_type: 'direct' },
  });
  await expect(sessionRow(page, 'agent:main:discord:dm:77')).toContainText('Written outside');
});

test('shows a broken config while the gateway keeps serving, and clears it once fixed', async ({ page }) => {
  await page.goto(`${gateway.url}/config`);
  const summary = page.getByRole('region', { name: 'Config file' });
  await expect(summary).toContainText(gateway.configPath);
  await expect(summary).toContainText('valid');
  await expectNoSecrets(page);
  await expect(page.getByRole('list', { name: 'Config in effect' }).getByText('redacted').first()).toBeVisible();
  await shot(page, 'config');

  await gateway.writeConfig(BROKEN_CONFIG);
  const issues = page.getByRole('region', { name: 'Issues' });
  await expect(issues).toContainText('session.dm_scope');
  await expect(summary).toContainText('invalid, 1 issue');
  const health = await page.request.get(`${gateway.url}/api/health`);
  expect(health.status()).toBe(200);
  await expectNoSecrets(page);
  await shot(page, 'config-invalid');

  await gateway.writeConfig(CONFIG);
  await expect(issues).toBeHidden();
  await expect(page.getByText(/Config reloaded/)).toBeVisible();
  await expect(summary).toContainText('valid');
});

test('sends ping from the request console and logs the frames', async ({ page }) => {
  await page.goto(`${gateway.url}/events`);
  await expect(page.getByRole('group', { name: 'Gateway status' })).toContainText('Live');
  await page.getByRole('combobox', { name: 'Method' }).fill('ping');
  await page.getByRole('button', { name: 'Send' }).click();
  const response = page.getByRole('status', { name: 'Response' });
  await expect(response).toContainText('ping answered in');
  await expect(response).toContainText('"pong": true');
  const frames = page.getByRole('list', { name: 'Frames, newest first' });
  await expect(frames.getByText('ping', { exact: true }).first()).toBeVisible();
  await frames.getByRole('button').filter({ hasText: 'connect' }).last().click();
  await expectNoSecrets(page);
  await shot(page, 'event-log');
});

test('redirects the old /ws-test page to the event log', async ({ page }) => {
  await page.goto(`${gateway.url}/ws-test`);
  await expect(page).toHaveURL(`${gateway.url}/events`);
  await expect(page.getByRole('region', { name: 'Request console' })).toBeVisible();
});

test('stays readable at 800×600 and in dark mode', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 800, height: 600 });
  for (const [view, name] of [['sessions', 'Sessions'], ['config', 'Config file'], ['events', 'Request console']] as const) {
    await page.goto(`${gateway.url}/${view}`);
    if (view === 'sessions') await expect(page.getByRole('table')).toBeVisible();
    else await expect(page.getByRole('region', { name })).toBeVisible();
    expect(await horizontalOverflow(page), `${view} scrolls sideways at 800 px`).toBeLessThanOrEqual(0);
    await shot(page, `${view}-800x600`);
  }
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`${gateway.url}/sessions?session=${encodeURIComponent('agent:main:telegram:dm:1001')}`);
  await expect(page.getByRole('region', { name: /Session agent:main:telegram:dm:1001/ })).toBeVisible();
  await shot(page, 'sessions-dark');
  await page.goto(`${gateway.url}/config`);
  await expect(page.getByRole('region', { name: 'Config file' })).toBeVisible();
  await shot(page, 'config-dark');
  expect(errors).toEqual([]);
});

test('is usable from the keyboard: skip link, sort, open a session, Escape closes a dialog', async ({ page }) => {
  await page.goto(`${gateway.url}/sessions`);
  await expect(sessionRow(page, 'agent:main:telegram:dm:1001')).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  const tokens = page.getByRole('columnheader', { name: /Tokens/ });
  await tokens.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(tokens).toHaveAttribute('aria-sort', 'descending');
  await page.getByRole('button', { name: 'agent:main:telegram:dm:1001', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: /Session agent:main:telegram:dm:1001/ })).toBeVisible();
  await page.getByRole('button', { name: 'Delete session…' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Delete session…' })).toBeFocused();
});
