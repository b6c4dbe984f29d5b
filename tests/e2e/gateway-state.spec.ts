import { expect, test, type Page } from '@playwright/test';
import { startHeadlessGateway, type HeadlessGateway } from './support/headless-gateway.js';
import { prepareArtifacts, shot } from './support/page.js';

// The header says only what is true: when the gateway process dies the state turns to
// "Unreachable since HH:MM" at once (no green Running, no ticking uptime, no stale client count),
// a page that cannot load says why with Try again, and all of it recovers when the gateway is back.

const CONFIG = 'identity:\n  name: E2E Claw\n';

const gateways: HeadlessGateway[] = [];

test.beforeAll(prepareArtifacts);

test.afterAll(async () => {
  for (const gateway of gateways) await gateway.stop();
});

function statusValue(page: Page, term: string) {
  return page.getByRole('group', { name: 'Gateway status' }).locator(`div:has(> dt:text-is("${term}")) > dd`);
}

test('a killed gateway shows as Unreachable within 2 s, and Running again once it restarts', async ({ page }) => {
  const first = await startHeadlessGateway({ config: CONFIG, sessions: {} });
  gateways.push(first);
  await page.goto(`${first.url}/sessions`);
  await expect(statusValue(page, 'Gateway')).toHaveText('Running');
  await expect(statusValue(page, 'Clients')).toHaveText('1');
  await expect(statusValue(page, 'Uptime')).toBeVisible();

  await first.kill();
  const killedAt = Date.now();
  await expect(statusValue(page, 'Gateway')).toHaveText(/^\s*Unreachable since \d\d:\d\d$/, { timeout: 2000 });
  expect(Date.now() - killedAt, 'time until the header said Unreachable').toBeLessThan(2000);
  await expect(statusValue(page, 'Uptime')).toHaveCount(0);
  await expect(statusValue(page, 'Clients')).toHaveCount(0);

  // A page opened meanwhile says why it is empty and offers Try again.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Config' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Could not load the config' });
  await expect(alert).toContainText('Cannot reach the gateway');
  await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();
  await shot(page, 'gateway-unreachable');

  const second = await startHeadlessGateway({ config: CONFIG, sessions: {}, port: Number(new URL(first.url).port) });
  gateways.push(second);
  await expect(statusValue(page, 'Gateway')).toHaveText('Running', { timeout: 30_000 });
  await expect(statusValue(page, 'Clients')).toHaveText('1');
  await expect(statusValue(page, 'Uptime')).toBeVisible();
  // The page that could not load loads by itself once the connection is back.
  await expect(page.getByRole('region', { name: 'Config file' })).toBeVisible();
});
