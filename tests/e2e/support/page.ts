import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';

/** Where the specs save their screenshots (tests/e2e/artifacts), to be looked at, not compared. */
export const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

export async function prepareArtifacts(): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
}

/** Saves a full-page screenshot as artifacts/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Collects console errors and page errors, CSP violations included; assert it stays empty. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** How many pixels the page scrolls sideways (0 or less: it fits the viewport's width). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Where the README's screenshots live (resources/screenshots). */
export const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'resources', 'screenshots');

/** The viewports and themes each README screenshot is taken in (the whole page, as the other screenshots): `<name>`, `<name>-dark`, `<name>-800x600`, `<name>-800x600-dark`. */
const SCREEN_VARIANTS = [
  { suffix: '', width: 1280, height: 800, colorScheme: 'light' },
  { suffix: '-dark', width: 1280, height: 800, colorScheme: 'dark' },
  { suffix: '-800x600', width: 800, height: 600, colorScheme: 'light' },
  { suffix: '-800x600-dark', width: 800, height: 600, colorScheme: 'dark' },
] as const;

/**
 * Saves the viewport as resources/screenshots/<name>*.png in light and dark at 1280×800 and 800×600,
 * then restores 1280×800 light; returns the time it took and how far the page scrolled sideways at 800 px.
 */
export async function captureScreens(page: Page, name: string): Promise<{ tookMs: number; overflowAt800: number }> {
  const started = Date.now();
  let overflowAt800 = 0;
  await mkdir(SCREENSHOTS, { recursive: true });
  for (const variant of SCREEN_VARIANTS) {
    await page.setViewportSize({ width: variant.width, height: variant.height });
    await page.emulateMedia({ colorScheme: variant.colorScheme });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}${variant.suffix}.png`), fullPage: true });
    if (variant.width === 800) overflowAt800 = Math.max(overflowAt800, await horizontalOverflow(page));
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
  return { tookMs: Date.now() - started, overflowAt800 };
}

/** Whether the focused element's focus ring (2 px outline, 2 px offset) is cut by a scrolling or clipping ancestor. */
function focusRingClipped(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!(element instanceof HTMLElement) || element === document.body) return null;
    const ring = 4;
    const rect = element.getBoundingClientRect();
    for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
      const style = getComputedStyle(parent);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const box = parent.getBoundingClientRect();
      const left = box.left + parent.clientLeft;
      const top = box.top + parent.clientTop;
      // Scrolled out of view is not clipping: only rings cut at an edge they touch count.
      const visible = rect.right > left && rect.left < left + parent.clientWidth && rect.bottom > top && rect.top < top + parent.clientHeight;
      if (!visible) continue;
      const inset = getComputedStyle(element).outlineOffset.startsWith('-');
      if (inset) return null;
      if (rect.left - ring < left - 0.5 || rect.right + ring > left + parent.clientWidth + 0.5 || rect.top - ring < top - 0.5 || rect.bottom + ring > top + parent.clientHeight + 0.5) {
        return `${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim().slice(0, 40)}" is cut by ${parent.tagName.toLowerCase()}.${parent.className}`;
      }
    }
    return null;
  });
}

/** Tabs through the page (up to `limit` stops) and returns every focus ring that was cut. */
export async function clippedFocusRings(page: Page, limit = 60): Promise<string[]> {
  const clipped: string[] = [];
  await page.locator('body').focus();
  for (let stop = 0; stop < limit; stop += 1) {
    await page.keyboard.press('Tab');
    const problem = await focusRingClipped(page);
    if (problem) clipped.push(problem);
  }
  return [...new Set(clipped)];
}
