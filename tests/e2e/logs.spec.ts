import { expect, test } from '@playwright/test';
import { startHeadlessGateway, type HeadlessGateway } from './support/headless-gateway.js';
import { captureScreens, horizontalOverflow, prepareArtifacts, watchErrors } from './support/page.js';

const TOKEN = 'e2e-logs-token-SECRET-0123456789';
// A model (never called) so the page shows no setup banner.
const CONFIG = [
  'gateway:',
  `  token: ${TOKEN}`,
  'models:',
  '  default: example/small',
  '  providers:',
  '    example:',
  '      base_url: https://api.example.test/v1',
  '      models:',
  '        - id: small',
  '',
].join('\n');
const BROKEN_CONFIG = `${CONFIG}session:\n  dm_scope: sideways\n`;

let gateway: HeadlessGateway;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await prepareArtifacts();
  gateway = await startHeadlessGateway({ config: CONFIG, sessions: {} });
});

test.afterAll(async () => {
  await gateway?.stop();
});

test('shows the gateway log live: a line written after the page opened appears without a reload', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`${gateway.url}/logs`);
  const lines = page.getByRole('list', { name: 'Log lines, newest first' });
  await expect(lines.getByText(/gateway listening on/i).first()).toBeVisible();
  await expect(page.getByText(`${gateway.stateDir}/logs/openclaw.log`)).toBeVisible();

  // Lines the gateway writes now reach the page only as logs.appended: a refused edit, then a good one.
  await gateway.writeConfig(BROKEN_CONFIG);
  await expect(lines.getByRole('listitem').first()).toContainText('is invalid; keeping the last good config', { timeout: 15_000 });
  await gateway.writeConfig(`${CONFIG}identity:\n  name: Log Claw\n`);
  await expect(lines.getByRole('listitem').first()).toContainText('Config reloaded', { timeout: 15_000 });
  expect(await page.content()).not.toContain(TOKEN);

  await page.getByRole('combobox', { name: 'Level' }).selectOption({ label: 'warn and above' });
  await expect(lines.getByRole('listitem')).toHaveCount(1);
  await expect(lines.getByRole('listitem')).toContainText('warnConfig');
  await page.getByRole('combobox', { name: 'Level' }).selectOption({ label: 'All levels' });
  const { overflowAt800 } = await captureScreens(page, 'logs');
  expect(overflowAt800, 'logs scroll sideways at 800 px').toBeLessThanOrEqual(0);

  await page.getByRole('searchbox', { name: 'Search' }).fill('reloaded');
  await expect(lines.getByRole('listitem').filter({ hasNotText: /reloaded/i })).toHaveCount(0);
  await expect(lines.getByRole('listitem').first()).toContainText('Config reloaded');
  await page.getByRole('searchbox', { name: 'Search' }).fill('');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export .jsonl' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^openclaw-gateway-log-.*\.jsonl$/);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  expect(errors).toEqual([]);
});

test('pauses: new lines wait until Resume', async ({ page }) => {
  await page.goto(`${gateway.url}/logs`);
  const lines = page.getByRole('list', { name: 'Log lines, newest first' });
  await expect(lines.getByRole('listitem').first()).toBeVisible();
  await page.getByRole('button', { name: 'Pause' }).click();
  const before = await lines.getByRole('listitem').count();
  await gateway.writeConfig(`${CONFIG}identity:\n  name: Paused Claw\n`);
  await expect(page.getByRole('button', { name: /^Resume \(\d+ new\)$/ })).toBeVisible({ timeout: 15_000 });
  expect(await lines.getByRole('listitem').count()).toBe(before);
  await page.getByRole('button', { name: /^Resume/ }).click();
  await expect(lines.getByRole('listitem').first()).toContainText('Config reloaded');
});
