import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startFakeProvider, type FakeProvider } from '../fixtures/providers/fake-provider.js';
import { fakeModelsYaml } from './support/fake-models.js';
import { startHeadlessGateway, type HeadlessGateway } from './support/headless-gateway.js';
import { captureScreens, clippedFocusRings, horizontalOverflow, prepareArtifacts, watchErrors } from './support/page.js';

// Reading a past conversation from the Sessions page, and the Sessions page at every window size.

const NOW = Date.now();
const KEY = 'agent:main:telegram:dm:1001';
const SESSIONS = {
  [KEY]: {
    session_id: 'e2e-transcript-1001',
    updated_at: NOW - 4 * 60_000,
    label: 'Alice',
    channel: 'telegram',
    chat_type: 'direct',
    model: 'm1',
    model_provider: 'fake',
    input_tokens: 12_345_678,
    output_tokens: 345,
    origin: { provider: 'telegram', from: 'telegram:1001', chat_type: 'direct', label: 'Alice Example' },
  },
  'agent:main:telegram:group:-1002003004005/topic:9': {
    session_id: 'e2e-group-9',
    updated_at: NOW - 2 * 3_600_000,
    label: 'Team room with a rather long name that goes on',
    channel: 'telegram',
    chat_type: 'group',
    model: 'claude-sonnet-4-20250514-with-a-long-suffix',
    total_tokens: 48_213,
  },
  'agent:main:main': { session_id: 'e2e-main', updated_at: NOW - 3 * 86_400_000, channel: 'webchat', chat_type: 'direct' },
};

const ANSWER = [
  '## Listing files',
  '',
  'Use `ls`, or these:',
  '',
  '| Command | Shows |',
  '|---|---|',
  '| `ls -l` | sizes and dates |',
  '| `ls -a` | hidden files too |',
  '',
  '```sh',
  'ls -la ~/projects',
  '```',
].join('\n');

const TRANSCRIPT = [
  { role: 'user', content: 'How do I list files?', ts: NOW - 5 * 60_000, run_id: 'run-1' },
  { role: 'assistant', content: ANSWER, ts: NOW - 5 * 60_000 + 2_000, run_id: 'run-1', provider: 'fake', model: 'm1', usage: { input_tokens: 900, output_tokens: 120, total_tokens: 1020 } },
  { role: 'user', content: 'Thanks!', ts: NOW - 4 * 60_000, run_id: 'run-2' },
  { role: 'assistant', content: 'You are welcome.', ts: NOW - 4 * 60_000 + 1_000, run_id: 'run-2', provider: 'fake', model: 'm1', usage: { input_tokens: 1000, output_tokens: 5, total_tokens: 1005 } },
];

let provider: FakeProvider;
let gateway: HeadlessGateway;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await prepareArtifacts();
  provider = await startFakeProvider();
  gateway = await startHeadlessGateway({ config: [...fakeModelsYaml(provider), ''].join('\n'), sessions: SESSIONS });
  const file = path.join(path.dirname(gateway.storePath), `${SESSIONS[KEY].session_id}.jsonl`);
  await writeFile(file, TRANSCRIPT.map((line) => JSON.stringify(line)).join('\n') + '\n');
});

test.afterAll(async () => {
  await gateway?.stop();
  await provider?.close();
});

test('shows a session’s transcript newest first with Markdown, and opens it in Chat', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`${gateway.url}/sessions?session=${encodeURIComponent(KEY)}`);
  const messages = page.getByRole('list', { name: 'Messages, newest first' });
  await expect(messages.getByRole('listitem')).toHaveCount(4);
  await expect(messages.getByRole('listitem').first()).toContainText('You are welcome.');
  const answer = messages.getByRole('listitem').nth(2);
  await expect(answer.getByRole('heading', { name: 'Listing files' })).toBeVisible();
  await expect(answer.getByRole('table')).toContainText('hidden files too');
  await expect(answer.locator('pre code')).toHaveText('ls -la ~/projects\n');
  await expect(answer).toContainText('fake/m1 · 1,020 tokens');
  await captureScreens(page, 'session-detail');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export Markdown' }).click();
  expect((await download).suggestedFilename()).toMatch(/^openclaw-transcript-agent-main-telegram-dm-1001-.*\.md$/);

  await page.getByRole('button', { name: 'Open in Chat' }).click();
  await expect(page).toHaveURL(`${gateway.url}/chat?session=${encodeURIComponent(KEY)}`);
  const chat = page.getByRole('log', { name: 'Messages' });
  await expect(chat.getByRole('listitem')).toHaveCount(4);
  await expect(chat.getByRole('listitem').last()).toContainText('You are welcome.');
  expect(errors).toEqual([]);
});

test('fits 800×600: every promised column shows, numbers whole, nothing scrolls sideways', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(`${gateway.url}/sessions`);
  const table = page.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(4);
  for (const name of ['Key', 'Label', 'Channel', 'Model', 'Tokens', 'Updated']) {
    const box = await table.getByRole('columnheader', { name: new RegExp(`^${name}`) }).boundingBox();
    expect(box, `${name} column`).not.toBeNull();
    expect((box?.x ?? 0) + (box?.width ?? 0), `${name} column inside the window`).toBeLessThanOrEqual(800);
  }
  const cut = await table.locator('td.numeric').evaluateAll((cells) => cells.filter((cell) => cell.scrollWidth > cell.clientWidth).map((cell) => cell.textContent));
  expect(cut, 'token counts cut').toEqual([]);
  await expect(table.getByRole('row').filter({ hasText: 'Alice' })).toContainText('12,346,023');
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  expect(await page.locator('.table-scroll').evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
  expect(await clippedFocusRings(page)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 800 });
  // The README's picture shows the page at rest, without the ring the walk above left.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await captureScreens(page, 'sessions');
});

test('keeps "Updated" on screen at 1280 with the detail pane open, and every focus ring whole', async ({ page }) => {
  await page.goto(`${gateway.url}/sessions?session=${encodeURIComponent('agent:main:telegram:group:-1002003004005/topic:9')}`);
  const table = page.getByRole('table');
  await expect(page.getByRole('region', { name: /^Session / })).toBeVisible();
  const updated = await table.getByRole('columnheader', { name: /^Updated/ }).boundingBox();
  const scroller = await page.locator('.table-scroll').boundingBox();
  expect((updated?.x ?? 0) + (updated?.width ?? 0)).toBeLessThanOrEqual((scroller?.x ?? 0) + (scroller?.width ?? 0));
  expect(await page.locator('.table-scroll').evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
  expect(await clippedFocusRings(page)).toEqual([]);
});

test('the delete confirmation’s backdrop covers the header and the tabs', async ({ page }) => {
  await page.goto(`${gateway.url}/sessions?session=${encodeURIComponent('agent:main:main')}`);
  await page.getByRole('button', { name: 'Delete session…' }).click();
  await expect(page.getByRole('dialog', { name: 'Delete session?' })).toBeVisible();
  for (const target of [page.locator('.app-header'), page.getByRole('navigation', { name: 'Views' }), page.getByRole('region', { name: /^Session / })]) {
    const box = await target.boundingBox();
    const onTop = await page.evaluate(([x, y]) => document.elementFromPoint(x as number, y as number)?.closest('.dialog-backdrop') !== null, [(box?.x ?? 0) + 5, (box?.y ?? 0) + 5]);
    expect(onTop).toBe(true);
  }
  await page.getByRole('button', { name: 'Cancel' }).click();
});

test('no focus ring is cut on any page, at 1280×800 and 800×600', async ({ page }) => {
  const clipped: string[] = [];
  for (const size of [{ width: 1280, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    for (const view of ['sessions', `sessions?session=${encodeURIComponent(KEY)}`, `chat?session=${encodeURIComponent(KEY)}`, 'channels', 'settings', 'config', 'events', 'logs']) {
      await page.goto(`${gateway.url}/${view}`);
      await expect(page.getByRole('group', { name: 'Gateway status' })).toContainText('Live');
      for (const problem of await clippedFocusRings(page, 30)) clipped.push(`${size.width}px /${view}: ${problem}`);
    }
  }
  expect(clipped).toEqual([]);
});
