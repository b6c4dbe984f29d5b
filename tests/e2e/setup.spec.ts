import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { startFakeBotApi, type FakeBotApi } from '../fixtures/telegram/fake-bot-api.js';
import { startFakeProvider, type FakeProvider } from '../fixtures/providers/fake-provider.js';
import { startHeadlessGateway, type HeadlessGateway } from './support/headless-gateway.js';
import { captureScreens, prepareArtifacts, watchErrors } from './support/page.js';

// The acceptance of the first-run setup: from an empty state dir to an answer in Chat and in
// Telegram, with every setting made in the dashboard and no file opened by hand, then one change in
// Settings that keeps a comment written into the file in the meantime.

const PROVIDER_KEY = 'sk-e2e-setup-SECRET';
const BOT_TOKEN = '123:TEST';
const HAND_COMMENT = '# Written by hand after the setup: the dashboard keeps this line.';

let provider: FakeProvider;
let api: FakeBotApi;
let gateway: HeadlessGateway | undefined;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await prepareArtifacts();
  provider = await startFakeProvider({ apiKey: PROVIDER_KEY, listModels: ['fake-chat', 'fake-large'] });
  api = await startFakeBotApi();
});

test.afterAll(async () => {
  await gateway?.stop();
  await api?.close();
  await provider?.close();
});

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Screenshots of one step; fails when the page scrolls sideways at 800 px. Returns the time taken, which the walk does not count. */
async function screens(page: Page, name: string): Promise<number> {
  const { tookMs, overflowAt800 } = await captureScreens(page, name);
  expect(overflowAt800, `${name} scrolls sideways at 800 px`).toBeLessThanOrEqual(0);
  return tookMs;
}

test('a new user sets up a provider and a Telegram bot in the dashboard, chats, and changes a setting', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  const started = Date.now();
  let screenshotMs = 0;

  gateway = await startHeadlessGateway({ config: null, sessions: null });
  await page.goto(`${gateway.url}/`);

  // Every page says what to do first.
  const banner = page.getByRole('region', { name: 'Set up your assistant' });
  await expect(banner).toBeVisible();
  await banner.getByRole('button', { name: 'Start setup' }).click();

  // 1. Model provider: the local fake, as "any OpenAI-compatible server".
  await expect(page.getByRole('heading', { name: 'Step 1 of 4: Model provider' })).toBeVisible();
  await page.getByRole('radio', { name: /^Any OpenAI-compatible server/ }).check();
  await page.getByLabel('Provider ID').fill('fake');
  await page.getByLabel('Base URL').fill(`${provider.origin}/v1`);
  await page.getByLabel('API key', { exact: true }).fill(PROVIDER_KEY);
  await page.getByRole('button', { name: 'Test' }).click();
  await expect(page.getByText('The provider answered and offers 2 models: pick one below.')).toBeVisible();
  await page.getByLabel('Model', { exact: true }).selectOption('fake-chat');
  screenshotMs += await screens(page, 'setup-provider');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // 2. Telegram: the fake Bot API stands in for api.telegram.org.
  await expect(page.getByRole('heading', { name: 'Step 2 of 4: Telegram' })).toBeVisible();
  await expect(page.getByText(/^Saved\. Applied live/)).toBeVisible();
  await page.getByLabel('Bot token', { exact: true }).fill(BOT_TOKEN);
  await page.getByText('Advanced: Bot API server').click();
  await page.getByLabel('Bot API server', { exact: true }).fill(api.url);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText(/^@openclaw_test_bot is ready\. Privacy mode is on/)).toBeVisible();
  await page.getByRole('radio', { name: /^open/ }).check();
  screenshotMs += await screens(page, 'setup-telegram');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // 3. Access: the address, and a token for other machines (generated, shown, not needed here).
  await expect(page.getByRole('heading', { name: 'Step 3 of 4: Access' })).toBeVisible();
  await expect(page.getByText(/restarted Telegram bot default/)).toBeVisible();
  await expect(page.getByText(`${gateway.url}/`, { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Generate a token' }).click();
  await expect(page.getByLabel('Generated token')).toHaveText(/^[A-Za-z0-9_-]{43}$/);
  screenshotMs += await screens(page, 'setup-access');
  await page.getByRole('button', { name: 'Skip' }).click();

  // 4. Done: "Say hello" opens a new chat with the default model.
  await expect(page.getByRole('heading', { name: 'Step 4 of 4: Done' })).toBeVisible();
  await expect(page.getByText('fake/fake-chat')).toBeVisible();
  await page.getByRole('button', { name: 'Say hello' }).click();
  await expect(page).toHaveURL(/\/chat\?session=/);
  await page.getByRole('textbox', { name: 'Message' }).fill('Hello there');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  const answer = page.getByRole('log', { name: 'Messages' }).getByRole('listitem').nth(1);
  await expect(answer).toContainText('You said: Hello there');
  const walkMs = Date.now() - started;
  console.log(
    `Setup walk, empty state dir to the first answer in Chat: ${(walkMs / 1000).toFixed(1)} s ` +
      `(${((walkMs - screenshotMs) / 1000).toFixed(1)} s without the ${(screenshotMs / 1000).toFixed(1)} s of screenshots)`,
  );
  await expect(answer).toContainText('fake/fake-chat');
  await expect(page.getByRole('region', { name: 'Set up your assistant' })).toHaveCount(0);

  // A direct message in the fake Telegram chat gets an answer from the same model.
  api.pushMessage({ chatId: 42, chatType: 'private', from: { id: 42, username: 'ada', first_name: 'Ada' }, text: 'hi from Telegram' });
  await api.waitFor(() => api.chatMessages(42).some((message) => message.text?.includes('You said: hi from Telegram')), 20_000, 'the bot to answer the DM');

  // The file was written by the dashboard alone; now someone adds a comment by hand.
  const written = await readFile(gateway.configPath, 'utf8');
  expect(written).toContain('base_url:');
  expect(written).toContain('api_root:');
  expect(written).toContain(PROVIDER_KEY);
  expect(await page.content()).not.toContain(PROVIDER_KEY);
  const edited = `${HAND_COMMENT}\n${written}`;
  await writeFile(gateway.configPath, edited);
  await expect
    .poll(async () => ((await (await fetch(`${gateway?.url}/api/config/snapshot`)).json()) as { hash: string | null }).hash, { timeout: 15_000 })
    .toBe(sha256(edited));

  // Settings: change the log level; the gateway applies it and the hand-written comment stays.
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('listitem', { name: 'Provider fake' })).toContainText('key set');
  await page.getByRole('button', { name: 'Edit fake' }).click();
  await page.getByRole('button', { name: 'Test' }).click();
  await expect(page.getByText('The provider answered and offers 2 models: pick one below.')).toBeVisible();
  screenshotMs += await screens(page, 'settings');
  await page.getByRole('tab', { name: 'Logging & sessions' }).click();
  await page.getByLabel(/^Level/).selectOption('debug');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved. Applied live (logging).')).toBeVisible();
  const effective = (await (await fetch(`${gateway.url}/api/config`)).json()) as { config: { logging: { level: string } } };
  expect(effective.config.logging.level).toBe('debug');
  const after = await readFile(gateway.configPath, 'utf8');
  expect(after.startsWith(`${HAND_COMMENT}\n`)).toBe(true);
  expect(after).toMatch(/level: debug/);
  expect(after).toContain(PROVIDER_KEY);
  expect(errors).toEqual([]);
});
