import { expect, test } from '@playwright/test';
import { startHeadlessGateway, type HeadlessGateway } from './support/headless-gateway.js';
import { prepareArtifacts, shot, watchErrors } from './support/page.js';

// The Sessions page over a few thousand sessions: rows show at once, the page holds only the rows in
// view, search finds any session, and the table scrolls to the last one.

const COUNT = 3_000;
const NOW = Date.now();
/** Far fewer than COUNT: what an 800 px window shows, plus a few rows past each edge. */
const MAX_RENDERED_ROWS = 60;

const keyOf = (i: number) => `agent:main:telegram:direct:${100_000 + i}`;

function makeSessions(): Record<string, unknown> {
  const sessions: Record<string, unknown> = {};
  for (let i = 0; i < COUNT; i += 1) {
    sessions[keyOf(i)] = {
      session_id: `e2e-${i}`,
      updated_at: NOW - i * 60_000,
      label: `Chat ${i}`,
      channel: i % 4 === 0 ? 'cli' : 'telegram',
      chat_type: i % 4 === 0 ? 'group' : 'direct',
      model: 'gpt-4o-mini',
      total_tokens: 1500 + i,
    };
  }
  return sessions;
}

let gateway: HeadlessGateway;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await prepareArtifacts();
  gateway = await startHeadlessGateway({ config: 'logging:\n  console_level: warn\n', sessions: makeSessions() });
});

test.afterAll(async () => {
  await gateway?.stop();
});

test('shows rows of thousands of sessions, renders only those in view, and searches all of them', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`${gateway.url}/sessions`);
  const table = page.getByRole('table');
  await expect(table.getByRole('row').nth(1)).toContainText(keyOf(0));
  await expect(page.getByText(`${COUNT.toLocaleString('en-US')} sessions`)).toBeVisible();
  expect(await table.getByRole('row').count()).toBeLessThanOrEqual(MAX_RENDERED_ROWS);

  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill('chat 2999');
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table.getByRole('row').nth(1)).toContainText(keyOf(2999));
  await expect(page.getByText(`1 of ${COUNT.toLocaleString('en-US')} sessions`)).toBeVisible();

  await search.fill('');
  await page.locator('.sessions-scroll').evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  await expect(table.getByRole('row').last()).toContainText(keyOf(COUNT - 1));
  expect(await table.getByRole('row').count()).toBeLessThanOrEqual(MAX_RENDERED_ROWS);
  await shot(page, 'sessions-scale-bottom');
  expect(errors).toEqual([]);
});
