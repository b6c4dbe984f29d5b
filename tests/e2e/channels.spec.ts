import { expect, test } from '@playwright/test';
import { startFakeBotApi, type FakeBotApi } from '../fixtures/telegram/fake-bot-api.js';
import { startFakeProvider, type FakeProvider } from '../fixtures/providers/fake-provider.js';
import { fakeModelsYaml } from './support/fake-models.js';
import { startHeadlessGateway, type HeadlessGateway } from './support/headless-gateway.js';
import { captureScreens, horizontalOverflow, prepareArtifacts, shot, watchErrors } from './support/page.js';

const GOOD_TOKEN = '123:TEST';
const BAD_TOKEN = '999:WRONG-e2e-SECRET';

let api: FakeBotApi;
let provider: FakeProvider;
let gateway: HeadlessGateway;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await prepareArtifacts();
  api = await startFakeBotApi();
  provider = await startFakeProvider();
  // Two bots: one the fake Bot API knows (runs), one it refuses (fails), so the header and the
  // Channels view show both states side by side.
  gateway = await startHeadlessGateway({
    config: [
      ...fakeModelsYaml(provider),
      'telegram:',
      '  enabled: true',
      `  api_root: ${api.url}`,
      `  bot_token: "${GOOD_TOKEN}"`,
      '  dm_policy: pairing',
      '  accounts:',
      '    backup:',
      `      bot_token: "${BAD_TOKEN}"`,
      '',
    ].join('\n'),
    sessions: {},
  });
});

test.afterAll(async () => {
  await gateway?.stop();
  await api?.close();
  await provider?.close();
});

test('shows each bot in the header and the Channels view, and approves a pairing request live', async ({ page }) => {
  const errors = watchErrors(page);

  await page.goto(`${gateway.url}/channels`);
  const header = page.getByRole('group', { name: 'Gateway status' });
  await expect(header).toContainText('@openclaw_test_bot: running');
  await expect(header).toContainText('backup: failed');
  const bots = page.getByRole('table', { name: 'Telegram bots' });
  await expect(bots.getByRole('row').filter({ hasText: 'default' })).toContainText('running');
  await expect(bots.getByRole('row').filter({ hasText: 'backup' })).toContainText('failed');
  await expect(page.getByText(/^No one is waiting to be paired\./)).toBeVisible();

  api.pushMessage({ chatId: 42, chatType: 'private', from: { id: 42, username: 'ada', first_name: 'Ada' }, text: 'hello' });
  const requests = page.getByRole('table', { name: 'Pending pairing requests' });
  await expect(requests.getByRole('row').filter({ hasText: 'Ada @ada' })).toContainText('Telegram id 42');
  expect(await page.content()).not.toContain(BAD_TOKEN);
  await shot(page, 'channels');

  await page.setViewportSize({ width: 800, height: 600 });
  expect(await horizontalOverflow(page), 'channels scrolls sideways at 800 px').toBeLessThanOrEqual(0);
  await shot(page, 'channels-800x600');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'channels-dark');

  const code = (await requests.getByRole('row').filter({ hasText: 'Ada @ada' }).getByRole('cell').first().textContent())?.trim() ?? '';
  expect(code).toMatch(/^[A-Z2-9]{8}$/);
  await page.getByRole('button', { name: `Approve ${code}` }).click();
  await expect(page.getByText(/^No one is waiting to be paired\./)).toBeVisible();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Approved Ada @ada for bot default (@openclaw_test_bot)');
  expect(errors).toEqual([]);
});

test('revokes a paired user after confirmation; their next message gets a pairing code again', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`${gateway.url}/channels`);
  const paired = page.getByRole('table', { name: 'Paired with bot default' });
  await expect(paired.getByRole('row').filter({ hasText: 'Ada @ada' })).toContainText('42');
  await captureScreens(page, 'channels');

  await page.getByRole('button', { name: 'Revoke Ada @ada from bot default' }).click();
  const dialog = page.getByRole('dialog', { name: 'Revoke Ada @ada?' });
  await expect(dialog).toContainText('next message gets a new pairing code');
  await shot(page, 'channels-revoke-dialog');
  await dialog.getByRole('button', { name: 'Revoke' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Revoked Ada @ada from bot default');
  await page.setViewportSize({ width: 800, height: 600 });
  await shot(page, 'channels-revoked-toast-800x600');
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.getByText(/^Nobody is paired with this bot yet\./).first()).toBeVisible();

  const codesBefore = api.callsOf('sendMessage').length;
  api.pushMessage({ chatId: 42, chatType: 'private', from: { id: 42, username: 'ada', first_name: 'Ada' }, text: 'hello again' });
  const requests = page.getByRole('table', { name: 'Pending pairing requests' });
  await expect(requests.getByRole('row').filter({ hasText: 'Ada @ada' })).toContainText('Telegram id 42');
  const code = (await requests.getByRole('row').filter({ hasText: 'Ada @ada' }).getByRole('cell').first().textContent())?.trim() ?? '';
  await api.waitFor(
    (calls) => calls.slice(codesBefore).some((call) => call.method === 'sendMessage' && String(call.params.chat_id) === '42' && String(call.params.text).includes(code)),
    5_000,
    'the bot sending Ada a new pairing code',
  );
  expect(errors).toEqual([]);
});
