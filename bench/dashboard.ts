// The dashboard at scale: `node --import tsx bench/dashboard.ts [--strict] [--sizes 500,20000] [--runs 3] [--change-seconds 5] [--idle-seconds 5]`
// (`npm run bench:dashboard` builds first). The built gateway (`node dist/src-main/headless.js`, serving
// the built dashboard) runs as a child over a store of N realistic sessions (bench/lib/session-fixtures);
// Debian's Chromium (Playwright, 1280×800) opens its dashboard. Each figure is the median of --runs
// fresh page loads, and each one at N is set beside the same one at the smallest size in the same run:
//   Sessions page: first rows painted (from navigation start), DOM nodes and table rows once every
//   page is in, one keystroke in search (the slowest of three), a click on a column to sort (the
//   slowest of four), the longest task while 10 sessions/s change (PATCHes through the gateway);
//   Chat page: conversation list painted, opening a conversation (click → its messages painted), the
//   longest task while the page sits idle.
// "Painted" is the first frame after the DOM changed (requestAnimationFrame, then a task); long tasks
// are the browser's own (PerformanceObserver 'longtask': 50 ms and more). --strict exits 1 on a missed target.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { saveSessionStore } from '../src-main/core/sessions/store.js';
import { startFakeProvider, type FakeProvider } from '../tests/fixtures/providers/fake-provider.js';
import { ROOT } from './lib/compile-gateway.js';
import { startGatewayChild } from './lib/gateway-child.js';
import { createReport, fmt, quantile, runBounded } from './lib/report.js';
import { benchSessionKey, makeSessionStore } from './lib/session-fixtures.js';

const HEADLESS = path.join(ROOT, 'dist', 'src-main', 'headless.js');
const CHROMIUM = '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 800 };
/** Conversations with a transcript, the newest ones (the top of the Chat list): each run opens another. */
const TRANSCRIPTS = 6;
const CHANGES_PER_S = 10;
/**
 * Searched before the keystrokes: the session ids of sessions 100-199 end "-000000000100" to
 * "-000000000199" (ids are never changed, labels are); then "2", "3", "4" leave 10, 1 and 0 of them,
 * so every keystroke changes the rows and the count at every size.
 */
const SEARCH_PREFIX = '-0000000001';
const KEYSTROKES = ['2', '3', '4'];
const SORT_COLUMNS = ['Label', 'Tokens', 'Model', 'Key'];
const STEP_TIMEOUT_MS = 15_000;

const TARGET_FIRST_ROWS_MS = 1000;
const TARGET_KEYSTROKE_MS = 100;
const TARGET_SORT_MS = 200;
const TARGET_CHANGE_TASK_MS = 100;
const TARGET_CHAT_LIST_MS = 500;
const TARGET_OPEN_MS = 200;
/** Table rows a 1280×800 window can hold, plus the few rendered past each edge. */
const MAX_TABLE_ROWS = 60;
/** DOM nodes at the largest size against the smallest: bounded by the window, not by the sessions. */
const MAX_DOM_RATIO = 1.25;

interface Options {
  strict: boolean;
  sizes: number[];
  runs: number;
  changeSeconds: number;
  idleSeconds: number;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const number = (name: string, fallback: number, min: number, max: number): number => {
    const raw = value(name);
    const parsed = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new Error(`${name} must be a whole number from ${min} to ${max} (got ${raw})`);
    return parsed;
  };
  const sizes = (value('--sizes') ?? '500,20000').split(',').map(Number);
  if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 100)) throw new Error('--sizes takes at least two whole numbers ≥ 100, e.g. 500,20000');
  return {
    strict: argv.includes('--strict'),
    sizes: sizes.sort((a, b) => a - b),
    runs: number('--runs', 3, 1, 9),
    changeSeconds: number('--change-seconds', 5, 1, 60),
    idleSeconds: number('--idle-seconds', 5, 1, 60),
  };
}


/** What the page records for the bench: when the first rows were painted, and every long task. */
interface PageProbe {
  marks: Record<string, number>;
  longTasks: Array<{ start: number; duration: number }>;
  pending: Promise<number> | null;
}

/** A condition on the page that ends a measurement: the element exists and, if given, its attribute or text is no longer `from`. */
interface Until {
  selector: string;
  attribute?: string;
  text?: boolean;
  from?: string | null;
}

// Runs in the page before its own scripts (Playwright injects it outside the page's CSP).
function installProbe(): void {
  const probe: PageProbe = { marks: {}, longTasks: [], pending: null };
  Object.assign(window, { __probe: probe });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  const painted = (then: (at: number) => void): void => {
    requestAnimationFrame(() => setTimeout(() => then(performance.now())));
  };
  const firsts: Record<string, string> = { sessionRows: '.sessions-table tbody tr[data-index]', conversations: '.chat-session-button' };
  const seen = new MutationObserver(() => {
    for (const [name, selector] of Object.entries(firsts)) {
      if (name in probe.marks || !document.querySelector(selector)) continue;
      probe.marks[name] = Number.NaN;
      painted((at) => (probe.marks[name] = at));
    }
  });
  seen.observe(document, { childList: true, subtree: true });
  // Arms a measurement: from the next `trigger` event to the frame after the DOM under `root` meets `until`.
  Object.assign(window, {
    __arm(root: string, trigger: string, until: Until, timeoutMs: number): void {
      probe.pending = new Promise<number>((resolve) => {
        let started: number | undefined;
        const onTrigger = (event: Event): void => {
          started = event.timeStamp;
          window.removeEventListener(trigger, onTrigger, true);
        };
        window.addEventListener(trigger, onTrigger, true);
        const met = (): boolean => {
          const element = document.querySelector(until.selector);
          if (!element) return false;
          if (until.attribute) return element.getAttribute(until.attribute) !== until.from;
          if (until.text) return element.textContent !== until.from;
          return true;
        };
        const timer = setTimeout(() => {
          changes.disconnect();
          resolve(Number.NaN);
        }, timeoutMs);
        const changes = new MutationObserver(() => {
          if (started === undefined || !met()) return;
          changes.disconnect();
          clearTimeout(timer);
          const from = started;
          painted((at) => resolve(at - from));
        });
        changes.observe(document.querySelector(root) ?? document, { childList: true, subtree: true, characterData: true, attributes: true });
      });
    },
  });
}

async function arm(page: Page, root: string, trigger: string, until: Until): Promise<void> {
  await page.evaluate(
    ([r, t, u, ms]) => (window as unknown as { __arm(root: string, trigger: string, until: Until, timeoutMs: number): void }).__arm(r, t, u, ms),
    [root, trigger, until, STEP_TIMEOUT_MS] as const,
  );
}

async function measured(page: Page, what: string): Promise<number> {
  const ms = await page.evaluate(() => (window as unknown as { __probe: PageProbe }).__probe.pending);
  if (ms === null || !Number.isFinite(ms)) throw new Error(`${what}: the page did not change within ${STEP_TIMEOUT_MS / 1000} s`);
  return ms;
}

async function probe(page: Page): Promise<PageProbe> {
  return page.evaluate(() => {
    const { marks, longTasks } = (window as unknown as { __probe: PageProbe }).__probe;
    return { marks, longTasks, pending: null };
  });
}

async function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

async function longestTask(page: Page, from: number, to: number): Promise<number> {
  const { longTasks } = await probe(page);
  return Math.max(0, ...longTasks.filter((task) => task.start >= from && task.start <= to).map((task) => task.duration));
}

async function waitForMark(page: Page, name: string): Promise<number> {
  await page.waitForFunction((mark) => Number.isFinite((window as unknown as { __probe: PageProbe }).__probe.marks[mark]), name, { timeout: STEP_TIMEOUT_MS });
  return (await probe(page)).marks[name] as number;
}

async function patch(url: string, key: string, label: string): Promise<void> {
  const res = await fetch(`${url}api/sessions/${encodeURIComponent(key)}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ label }) });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`PATCH ${key} answered ${res.status}`);
}

/** Changes `perSecond` sessions a second (open loop) for `seconds`; resolves when the last answer is in. */
async function changeSessions(url: string, keys: readonly string[], perSecond: number, seconds: number, seed: number): Promise<number> {
  const inFlight: Array<Promise<void>> = [];
  let sent = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      sent += 1;
      inFlight.push(patch(url, keys[(seed + sent * 7919) % keys.length] as string, `changed ${seed}-${sent}`));
      if (sent >= perSecond * seconds) {
        clearInterval(timer);
        resolve();
      }
    }, 1000 / perSecond);
  });
  await Promise.all(inFlight);
  return sent;
}

interface Run {
  firstRowsMs: number;
  /** From navigation until every page of the list was in (the count no longer says "Loading"). */
  wholeMs: number;
  /** The longest task after the first rows painted until every page of the list was in (the start-up of the bundle before them is no paging). */
  loadTaskMs: number;
  domNodes: number;
  tableRows: number;
  keystrokeMs: number;
  sortMs: number;
  changeTaskMs: number;
  chatListMs: number;
  openMs: number;
  idleTaskMs: number;
}

const countText = (page: Page): Promise<string> => page.locator('.toolbar-count').innerText();

async function sessionsRun(page: Page, url: string, size: number, keys: readonly string[], options: Options, run: number): Promise<Omit<Run, 'chatListMs' | 'openMs' | 'idleTaskMs'>> {
  await page.goto(`${url}sessions`);
  const firstRowsMs = await waitForMark(page, 'sessionRows');
  // Every page of the list is in: the count no longer says "Loading".
  const total = `${size.toLocaleString('en-US')} sessions`;
  await page.waitForFunction((text) => document.querySelector('.toolbar-count')?.textContent === text, total, { timeout: STEP_TIMEOUT_MS * 4 });
  const wholeMs = await pageNow(page);
  const loadTaskMs = await longestTask(page, firstRowsMs, wholeMs);
  const domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  const tableRows = await page.locator('.sessions-table tbody tr[data-index]').count();

  const from = await pageNow(page);
  // Never the sessions with a transcript: the Chat run below finds them by their label.
  await changeSessions(url, keys.slice(TRANSCRIPTS), CHANGES_PER_S, options.changeSeconds, run * 1000);
  // The last change's event reaches the page after its PATCH answered: give it a moment.
  await page.waitForTimeout(500);
  const changeTaskMs = await longestTask(page, from, await pageNow(page));

  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill(SEARCH_PREFIX);
  await page.waitForFunction((text) => document.querySelector('.toolbar-count')?.textContent !== text, total);
  const keystrokes: number[] = [];
  for (const key of KEYSTROKES) {
    await arm(page, 'section[aria-label="Sessions"]', 'keydown', { selector: '.toolbar-count', text: true, from: await countText(page) });
    await search.press(key);
    keystrokes.push(await measured(page, `keystroke "${key}"`));
  }
  await search.fill('');
  await page.waitForFunction((text) => document.querySelector('.toolbar-count')?.textContent === text, total);

  const sorts: number[] = [];
  for (const column of SORT_COLUMNS) {
    const header = page.getByRole('columnheader', { name: new RegExp(`^${column}`) });
    await arm(page, '.sessions-table', 'click', { selector: `th.col-${column.toLowerCase()}`, attribute: 'aria-sort', from: 'none' });
    await header.getByRole('button').click();
    sorts.push(await measured(page, `sort by ${column}`));
  }
  return { firstRowsMs, wholeMs, loadTaskMs, domNodes, tableRows, keystrokeMs: Math.max(...keystrokes), sortMs: Math.max(...sorts), changeTaskMs };
}

async function chatRun(page: Page, url: string, options: Options, run: number): Promise<Pick<Run, 'chatListMs' | 'openMs' | 'idleTaskMs'>> {
  // A conversation with a transcript, renamed now so it tops the list (the changes above moved others there).
  const title = `Bench conversation ${run}`;
  await patch(url, benchSessionKey(run % TRANSCRIPTS), title);
  await page.goto(`${url}chat`);
  const chatListMs = await waitForMark(page, 'conversations');
  // The rest of the list arrives in pages; then the page has nothing left to do.
  await page.waitForLoadState('networkidle');
  const conversation = page.getByRole('button', { name: new RegExp(`^${title}`) });
  await arm(page, 'main', 'click', { selector: '[aria-label="Messages"] li' });
  await conversation.click();
  const openMs = await measured(page, 'opening a conversation');
  await page.waitForLoadState('networkidle');
  const from = await pageNow(page);
  await page.waitForTimeout(options.idleSeconds * 1000);
  const idleTaskMs = await longestTask(page, from, await pageNow(page));
  return { chatListMs, openMs, idleTaskMs };
}

async function prepareState(size: number, provider: FakeProvider): Promise<{ dir: string; keys: string[] }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `openclaw-bench-dashboard-${size}-`));
  const store = makeSessionStore(size);
  const storePath = path.join(dir, 'agents', 'main', 'sessions', 'sessions.json');
  await mkdir(path.dirname(storePath), { recursive: true });
  await saveSessionStore(storePath, store, { skipMaintenance: true });
  const now = Date.now();
  for (let i = 0; i < TRANSCRIPTS; i += 1) {
    const entry = store[benchSessionKey(i)];
    if (!entry) continue;
    const lines = [
      { role: 'user', content: `How do I list the files of project ${i}?`, ts: now - 60_000, run_id: `run-${i}` },
      { role: 'assistant', content: 'Use `ls -la`, or **tree** for a deeper look:\n\n```sh\nls -la ~/projects\n```', ts: now - 59_000, run_id: `run-${i}`, provider: 'fake', model: 'm1' },
    ];
    await writeFile(path.join(path.dirname(storePath), `${entry.session_id}.jsonl`), lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
  }
  await writeFile(
    path.join(dir, 'openclaw.yaml'),
    `logging:\n  console_level: warn\nmodels:\n  default: fake/m1\n  providers:\n    fake:\n      base_url: ${provider.origin}/v1\n      api_key: bench\n      models:\n        - id: m1\n          max_tokens: 500\n`,
  );
  return { dir, keys: Object.keys(store) };
}

async function measureSize(browser: Browser, provider: FakeProvider, size: number, options: Options): Promise<Run[]> {
  const { dir, keys } = await prepareState(size, provider);
  const gateway = await startGatewayChild(HEADLESS, dir, ROOT);
  const runs: Run[] = [];
  try {
    // Warm-up, not counted: the gateway's paths and the browser's caches of the build are hot for every size alike.
    const warm = await browser.newContext({ viewport: VIEWPORT });
    const warmPage = await warm.newPage();
    await warmPage.goto(`${gateway.url}sessions`);
    await warmPage.locator('.sessions-table tbody tr').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await warm.close();
    for (let run = 0; run < options.runs; run += 1) {
      // A fresh context each run: nothing cached from the last one.
      const context = await browser.newContext({ viewport: VIEWPORT });
      try {
        // tsx keeps function names by wrapping them in __name(), which the page lacks: give it one.
        await context.addInitScript({ content: `var __name = (fn) => fn; (${installProbe.toString()})();` });
        const page = await context.newPage();
        const sessions = await sessionsRun(page, gateway.url, size, keys, options, run);
        const chat = await chatRun(page, gateway.url, options, run);
        runs.push({ ...sessions, ...chat });
      } finally {
        await context.close();
      }
    }
  } finally {
    await gateway.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return runs;
}

const median = (runs: readonly Run[], pick: (run: Run) => number): number => quantile(runs.map(pick), 0.5);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(HEADLESS) || !existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) {
    throw new Error('Build first: `npm run build` (npm run bench:dashboard does), so dist/src-main/headless.js and dist/renderer exist');
  }
  const report = createReport('bench/dashboard');
  report.line(`${os.cpus().length} cores, load average ${fmt(os.loadavg()[0] ?? 0, 2)}; Chromium ${VIEWPORT.width}×${VIEWPORT.height}, medians of ${options.runs} runs`);
  const provider = await startFakeProvider();
  const browser = await chromium.launch({ ...(existsSync(CHROMIUM) ? { executablePath: CHROMIUM } : {}), args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const figures: Array<{ size: number; runs: Run[] }> = [];
    for (const size of options.sizes) figures.push({ size, runs: await measureSize(browser, provider, size, options) });
    const rows: Array<[string, (run: Run) => number, (value: number) => string]> = [
      ['Sessions page: first rows painted', (r) => r.firstRowsMs, (v) => `${fmt(v, 0)} ms`],
      ['  every session loaded (pages of 1,000)', (r) => r.wholeMs, (v) => `${fmt(v, 0)} ms`],
      ['  longest task while the other pages load', (r) => r.loadTaskMs, (v) => (v === 0 ? 'none ≥ 50 ms' : `${fmt(v, 0)} ms`)],
      ['DOM nodes on that page', (r) => r.domNodes, (v) => fmt(v, 0)],
      ['  table rows rendered', (r) => r.tableRows, (v) => fmt(v, 0)],
      ['one keystroke in search (slowest of 3)', (r) => r.keystrokeMs, (v) => `${fmt(v, 0)} ms`],
      ['click a column to sort (slowest of 4)', (r) => r.sortMs, (v) => `${fmt(v, 0)} ms`],
      [`longest task, ${CHANGES_PER_S} sessions/s change`, (r) => r.changeTaskMs, (v) => (v === 0 ? 'none ≥ 50 ms' : `${fmt(v, 0)} ms`)],
      ['Chat conversation list painted', (r) => r.chatListMs, (v) => `${fmt(v, 0)} ms`],
      ['opening a conversation', (r) => r.openMs, (v) => `${fmt(v, 0)} ms`],
      [`longest task, idle Chat page (${options.idleSeconds} s)`, (r) => r.idleTaskMs, (v) => (v === 0 ? 'none ≥ 50 ms' : `${fmt(v, 0)} ms`)],
    ];
    report.line(`\n${'sessions'.padEnd(44)}${figures.map((f) => f.size.toLocaleString('en-US').padStart(16)).join('')}`);
    for (const [name, pick, format] of rows) report.line(`${name.padEnd(44)}${figures.map((f) => format(median(f.runs, pick)).padStart(16)).join('')}`);
    const small = figures[0] as (typeof figures)[number];
    const big = figures.at(-1) as (typeof figures)[number];
    const at = (f: typeof big, pick: (run: Run) => number): number => median(f.runs, pick);
    const beside = (pick: (run: Run) => number): string => `${fmt(at(big, pick), 0)} ms (${fmt(at(small, pick), 0)} ms at ${small.size})`;
    report.target(`first rows < ${TARGET_FIRST_ROWS_MS} ms at ${big.size}`, at(big, (r) => r.firstRowsMs) < TARGET_FIRST_ROWS_MS, beside((r) => r.firstRowsMs));
    report.target(`keystroke in search < ${TARGET_KEYSTROKE_MS} ms at ${big.size}`, at(big, (r) => r.keystrokeMs) < TARGET_KEYSTROKE_MS, beside((r) => r.keystrokeMs));
    report.target(`sort < ${TARGET_SORT_MS} ms at ${big.size}`, at(big, (r) => r.sortMs) < TARGET_SORT_MS, beside((r) => r.sortMs));
    report.target(
      `no long task over ${TARGET_CHANGE_TASK_MS} ms while ${CHANGES_PER_S} sessions/s change at ${big.size}`,
      at(big, (r) => r.changeTaskMs) <= TARGET_CHANGE_TASK_MS,
      `longest ${fmt(at(big, (r) => r.changeTaskMs), 0)} ms (${fmt(at(small, (r) => r.changeTaskMs), 0)} ms at ${small.size}; 0: none ≥ 50 ms)`,
    );
    const domRatio = at(big, (r) => r.domNodes) / at(small, (r) => r.domNodes);
    report.target(
      `DOM bounded by the window: ≤ ${MAX_TABLE_ROWS} table rows, nodes ≤ ${MAX_DOM_RATIO}× those at ${small.size}`,
      at(big, (r) => r.tableRows) <= MAX_TABLE_ROWS && domRatio <= MAX_DOM_RATIO,
      `${fmt(at(big, (r) => r.tableRows), 0)} rows, ${fmt(at(big, (r) => r.domNodes), 0)} nodes (${fmt(domRatio, 2)}×)`,
    );
    report.target(`Chat list painted < ${TARGET_CHAT_LIST_MS} ms at ${big.size}`, at(big, (r) => r.chatListMs) < TARGET_CHAT_LIST_MS, beside((r) => r.chatListMs));
    report.target(`opening a conversation < ${TARGET_OPEN_MS} ms at ${big.size}`, at(big, (r) => r.openMs) < TARGET_OPEN_MS, beside((r) => r.openMs));
    report.target(
      `an idle Chat page has no long task at ${big.size}`,
      big.runs.every((r) => r.idleTaskMs === 0),
      `longest per run: ${big.runs.map((r) => fmt(r.idleTaskMs, 0)).join(', ')} ms (0: none ≥ 50 ms)`,
    );
  } finally {
    await browser.close();
    await provider.close();
  }
  report.finish();
}

const parsed = parseOptions(process.argv.slice(2));
// Per size and run: a page load, the change window, the idle window and a few seconds of clicks.
await runBounded('bench/dashboard', main, 60_000 + parsed.sizes.length * parsed.runs * (25_000 + (parsed.changeSeconds + parsed.idleSeconds) * 1000));
